using System.Buffers.Binary;
using System.Text;
using Vigil.Server.Local;
using Vigil.Server.Tests.Local;
using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Doors.Socket;

/// <summary>
/// The qmail doors when `vigil serve` is not there or misbehaves: no socket, nobody listening,
/// a daemon that never answers, one that answers garbage, one on another policy. Each time the
/// door says so on stderr and judges the message itself: clean mail reaches qmail-queue, banned
/// mail is quarantined, nothing is lost and nothing passes unscanned.
/// </summary>
public sealed class SocketDoorFallbackTests
{
    private static readonly byte[] Clean = Encoding.ASCII.GetBytes(Samples.Clean);
    private static readonly byte[] Banned = Encoding.ASCII.GetBytes(Samples.BannedExe);

    private static void AssertJudgedInProcess(QueueDoor door, string socket, string why, Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(extra ?? []) { ["VIGIL_SOCKET"] = socket };

        var (cleanExit, cleanStderr) = door.Run(Clean, QueueDoor.TypicalEnvelope, environment: environment);
        Assert.True(cleanExit == 0, cleanStderr);
        Assert.Equal(Clean, door.ReceivedMessage);
        Assert.Contains($"vigil queue: local socket {socket}: ", cleanStderr, StringComparison.Ordinal);
        Assert.Contains(why, cleanStderr, StringComparison.Ordinal);
        Assert.Contains("judging the message in this process", cleanStderr, StringComparison.Ordinal);

        File.Delete(door.Record + ".message");
        var (bannedExit, bannedStderr) = door.Run(Banned, QueueDoor.TypicalEnvelope, environment: environment);
        Assert.True(bannedExit == 0, bannedStderr);
        Assert.False(door.StandInCalled);
        Assert.Single(door.QuarantinedFiles("policy"));
    }

    [Fact]
    public void NoSocketFile()
    {
        using var door = new QueueDoor();

        AssertJudgedInProcess(door, Path.Combine(door.Dir, "missing.sock"), "");
    }

    [Fact]
    public void NobodyListensOnTheSocket()
    {
        using var door = new QueueDoor();
        using var dead = new FakeLocalDaemon(Path.Combine(door.Dir, "dead.sock"), null, accept: false);

        AssertJudgedInProcess(door, dead.Path, "connection refused");
    }

    [Fact]
    public void TheDaemonStalls()
    {
        using var door = new QueueDoor();
        using var silent = new FakeLocalDaemon(Path.Combine(door.Dir, "silent.sock"), null);

        AssertJudgedInProcess(door, silent.Path, "nothing read for 1 s", new Dictionary<string, string> { ["VIGIL_SOCKET_TIMEOUT"] = "1" });
    }

    [Fact]
    public void TheDaemonAnswersGarbage()
    {
        using var door = new QueueDoor();
        using var wrong = new FakeLocalDaemon(Path.Combine(door.Dir, "wrong.sock"), "220 smtp.example.org ESMTP\r\n"u8.ToArray());

        AssertJudgedInProcess(door, wrong.Path, "not the Vigil local protocol");
    }

    [Fact]
    public void ADaemonOlderThanTheDoorRefusesItsStoreSectionAndTheDoorSaysToRestartIt()
    {
        using var door = new QueueDoor();
        // A vigil serve from before the store section answers a door's request with one so; the
        // text is fixed in that binary, and is all that tells this refusal from other bad requests.
        using var older = new FakeLocalDaemon(Path.Combine(door.Dir, "older.sock"), Refusal("bytes after the header's last field"));

        AssertJudgedInProcess(door, older.Path, "bytes after the header's last field (a vigil serve older than this door? restart it); judging");
    }

    [Fact]
    public void AnotherBadRequestGetsNoHintAboutAnOlderDaemon()
    {
        using var door = new QueueDoor();
        using var daemon = new FakeLocalDaemon(Path.Combine(door.Dir, "refusing.sock"), Refusal("the daemon cannot spool the message: disk full"));

        AssertJudgedInProcess(door, daemon.Path, "local socket " + daemon.Path + ": the daemon cannot spool the message: disk full; judging");
    }

    /// <summary>A whole reply frame: the daemon refused the request as a bad one.</summary>
    private static byte[] Refusal(string problem)
    {
        var body = LocalReply.NotAnswered(LocalReplyStatus.BadRequest, problem).Encode();
        var frame = new byte[8 + body.Length];
        LocalProtocol.Magic.CopyTo(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)body.Length);
        body.CopyTo(frame.AsSpan(8));
        return frame;
    }

    [Fact]
    public async Task ADaemonOnAnotherControlDirectoryIsNotAskedForItsVerdict()
    {
        using var door = new QueueDoor();
        // The door's own policy refuses banned mail; the daemon's (built-in defaults) would quarantine it.
        door.WriteOptions("policyaction=reject\n");
        await using var daemon = await LocalTestDaemon.StartAsync(null);

        var (exit, stderr) = door.Run(Banned, QueueDoor.TypicalEnvelope, environment: new Dictionary<string, string> { ["VIGIL_SOCKET"] = daemon.Socket });

        Assert.Equal(31, exit);
        Assert.Contains("serves another control directory", stderr, StringComparison.Ordinal);
        Assert.Equal(0, daemon.Answered);
    }

    [Fact]
    public async Task TheControlDirectoryNamesTheSocketAndDeliverFallsBackQuietlyOnABounce()
    {
        using var door = new QueueDoor();
        await using var daemon = await LocalTestDaemon.StartAsync(door.Control);
        door.WriteOptions($"socket={daemon.Socket}\n");

        var (exit, stderr) = door.Run(Banned, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        Assert.Single(door.QuarantinedFiles("policy"));
        Assert.Equal(1, daemon.Answered);

        // deliver with the daemon gone: exit 100 and a bounce text with nothing but our refusal.
        door.WriteOptions($"socket={Path.Combine(door.Dir, "gone.sock")}\npolicyaction=reject\n");
        var bounce = VigilProcess.Run(
            ["deliver", "--control", door.Control],
            Banned,
            new Dictionary<string, string> { ["SENDER"] = "a@example.org", ["RECIPIENT"] = "joe@example.net" });
        Assert.Equal(100, bounce.ExitCode);
        Assert.Equal("Vigil refused this message (attachments:.exe).\n", bounce.Stdout);
        Assert.DoesNotContain("local socket", bounce.Stderr, StringComparison.Ordinal);
    }
}
