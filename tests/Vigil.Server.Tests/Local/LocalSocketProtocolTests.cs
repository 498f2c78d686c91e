using System.Buffers.Binary;
using System.Text;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Server.Local;
using Vigil.Testing;

namespace Vigil.Server.Tests.Local;

/// <summary>
/// The local socket of `vigil serve` (the real host on a unix socket) with a client written from
/// the protocol (docs/GATEWAY.md, "Local socket"): answers through the engine's entry point,
/// and every malformed, lying or stalled request ends in a clear error and a closed connection
/// while the listener serves the next one.
/// </summary>
public sealed class LocalSocketProtocolTests
{
    private const string Clean = "From: a@example.org\nTo: b@example.net\nSubject: hello\n\nJust text.\n";

    private const string BannedExe =
        "From: a@example.org\nSubject: update\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: text/plain\n\nrun it\n--b\nContent-Type: application/octet-stream; name=\"update.exe\"\n" +
        "Content-Transfer-Encoding: base64\n\naGVsbG8=\n--b--\n";

    private static readonly LocalClientTimeouts Quick = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    private static TempDir Control(out string control)
    {
        var dir = new TempDir();
        control = Path.Combine(dir.Path, "control");
        Directory.CreateDirectory(control);
        File.WriteAllText(Path.Combine(control, "options"), $"quarantine={Path.Combine(dir.Path, "quarantine")}\n");
        return dir;
    }

    private static LocalRequest Request(string? control, LocalRequestKind kind = LocalRequestKind.Process) =>
        new(kind, new Envelope("a@example.org", ["b@example.net"]) { Door = "queue", ClientIp = "192.0.2.1", RelayClient = false })
        {
            ControlDirectory = control,
        };

    private static async Task<LocalAnswer> AskAsync(LocalTestDaemon daemon, LocalRequest request, string message)
    {
        using var spool = SpooledMessage.Create();
        spool.Write(Encoding.ASCII.GetBytes(message));
        return await new LocalSocketClient(daemon.Socket, Quick).AskAsync(request, spool);
    }

    [Fact]
    public async Task AnswersAsTheEngineDoesInProcess()
    {
        using var dir = Control(out var control);
        await using var daemon = await LocalTestDaemon.StartAsync(control);
        var gateway = MailGateway.Create(new GatewaySettings { ControlDirectory = control }).Gateway!;

        foreach (var message in new[] { Clean, BannedExe })
        {
            var answer = await AskAsync(daemon, Request(control), message);
            Assert.True(answer.Answered, answer.Problem + "\n" + string.Join("\n", daemon.Log.Lines));
            using var local = await gateway.ProcessAsync(new MemoryStream(Encoding.ASCII.GetBytes(message)), Request(control).Envelope, DoorContext.Silent);
            var expected = LocalReply.From(local, gateway, []);
            var reply = answer.Reply!;
            Assert.Equal(expected.Kind, reply.Kind);
            Assert.Equal(expected.Reason, reply.Reason);
            Assert.Equal(expected.Verdict.Kind, reply.Verdict.Kind);
            Assert.Equal(expected.Findings.Select(f => f.Rule), reply.Findings.Select(f => f.Rule));
            Assert.Equal(expected.Report!.Verdict, reply.Report!.Verdict);
            Assert.Equal(["b@example.net"], reply.Report.Recipients);
            Assert.Equal("192.0.2.1", reply.Report.ClientIp);
        }

        Assert.Equal(OutcomeKind.Quarantined, (await AskAsync(daemon, Request(control), BannedExe)).Reply!.Kind);
        Assert.Equal(3, daemon.Answered);
    }

    [Fact]
    public async Task JudgesOnlyForQhpsi()
    {
        using var dir = Control(out var control);
        await using var daemon = await LocalTestDaemon.StartAsync(control);

        var answer = await AskAsync(daemon, Request(control, LocalRequestKind.Judge), BannedExe);

        Assert.True(answer.Answered, answer.Problem);
        Assert.Equal(VerdictKind.Policy, answer.Reply!.Verdict.Kind);
        Assert.Null(answer.Reply.Report);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "quarantine", "policy", "new")) && Directory.GetFiles(Path.Combine(dir.Path, "quarantine", "policy", "new")).Length > 0);
    }

    [Fact]
    public async Task TellsADoorWithAnotherPolicyToJudgeItself()
    {
        using var dir = Control(out var control);
        using var other = Control(out var otherControl);
        await using var daemon = await LocalTestDaemon.StartAsync(control);

        var otherDirectory = await AskAsync(daemon, Request(otherControl), Clean);
        var builtIn = await AskAsync(daemon, Request(null), Clean);
        var extraClamd = await AskAsync(daemon, Request(control) with { ClamdAddresses = ["tcp:127.0.0.1:3310"] }, Clean);

        foreach (var answer in new[] { otherDirectory, builtIn, extraClamd })
        {
            Assert.False(answer.Answered);
            Assert.Equal(LocalReplyStatus.NotThisPolicy, answer.Reply!.Status);
        }
    }

    [Fact]
    public async Task TheSocketIsMode0660AndAStaleOneIsReplaced()
    {
        using var dir = Control(out var control);
        string socket;
        await using (var first = await LocalTestDaemon.StartAsync(control))
        {
            socket = first.Socket;
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(LocalSocketFile.Mode, File.GetUnixFileMode(socket) & (UnixFileMode)0x1ff);
            }
        }

        Assert.False(File.Exists(socket));
        File.WriteAllText(Path.Combine(dir.Path, "plain"), "not a socket");
        Assert.Contains("not a socket", LocalSocketFile.RemoveStale(Path.Combine(dir.Path, "plain")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "plain")));
    }

    [Fact]
    public async Task GarbageIsRefusedAndTheListenerServesOn()
    {
        using var dir = Control(out var control);
        await using var daemon = await LocalTestDaemon.StartAsync(control);
        var random = new Random(11);

        for (var i = 0; i < 20; i++)
        {
            var garbage = new byte[random.Next(1, 5000)];
            random.NextBytes(garbage);
            var result = await RawLocalClient.SendAsync(daemon.Socket, garbage);
            Assert.True(result.Closed);
            Assert.NotEqual(LocalReplyStatus.Answered, result.Reply?.Status ?? LocalReplyStatus.BadRequest);
        }

        var http = await RawLocalClient.SendAsync(daemon.Socket, "GET / HTTP/1.0\r\n\r\n"u8.ToArray());
        Assert.Equal(LocalReplyStatus.BadRequest, http.Reply!.Status);
        Assert.Contains("VGL1", http.Reply.Problem, StringComparison.Ordinal);
        Assert.True((await AskAsync(daemon, Request(control), Clean)).Answered);
    }

    [Fact]
    public async Task LyingLengthsAreRefusedBeforeAnythingIsRead()
    {
        using var dir = Control(out var control);
        await using var daemon = await LocalTestDaemon.StartAsync(control);

        var header = new byte[8];
        LocalProtocol.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), uint.MaxValue);
        var hugeHeader = await RawLocalClient.SendAsync(daemon.Socket, header, stallAfter: true);
        Assert.Contains("header length of 4294967295", hugeHeader.Reply!.Problem, StringComparison.Ordinal);
        Assert.True(hugeHeader.Closed);

        var hugeMessage = await RawLocalClient.SendAsync(daemon.Socket, RawLocalClient.Frame(Request(control), [], claimedLength: long.MaxValue), stallAfter: true);
        Assert.Contains("message length of", hugeMessage.Reply!.Problem, StringComparison.Ordinal);

        var negative = await RawLocalClient.SendAsync(daemon.Socket, RawLocalClient.Frame(Request(control), [], claimedLength: -1));
        Assert.Equal(LocalReplyStatus.BadRequest, negative.Reply!.Status);

        // A header whose own lengths lie: a recipient list of a billion entries in 40 bytes.
        var lyingHeader = new byte[8 + 40];
        LocalProtocol.Magic.CopyTo(lyingHeader);
        BinaryPrimitives.WriteUInt32BigEndian(lyingHeader.AsSpan(4), 40);
        lyingHeader[8] = (byte)LocalRequestKind.Process;
        BinaryPrimitives.WriteInt32BigEndian(lyingHeader.AsSpan(10), 1_000_000_000);
        var lying = await RawLocalClient.SendAsync(daemon.Socket, [.. lyingHeader, .. new byte[8]]);
        Assert.Contains("malformed frame", lying.Reply!.Problem, StringComparison.Ordinal);

        Assert.True((await AskAsync(daemon, Request(control), Clean)).Answered);
    }

    [Fact]
    public async Task ADoorThatStallsIsCutOffAndAShortMessageIsNotJudged()
    {
        using var dir = Control(out var control);
        await using var daemon = await LocalTestDaemon.StartAsync(control, new LocalLimits { ReadTimeout = TimeSpan.FromMilliseconds(500) });
        var message = Encoding.ASCII.GetBytes(Clean);

        // Claims more bytes than it sends, then neither sends nor closes.
        var stalled = await RawLocalClient.SendAsync(daemon.Socket, RawLocalClient.Frame(Request(control), message, claimedLength: message.Length + 100), stallAfter: true);
        // Claims more bytes than it sends, then closes.
        var cut = await RawLocalClient.SendAsync(daemon.Socket, RawLocalClient.Frame(Request(control), message, claimedLength: message.Length + 100));

        Assert.True(stalled.Closed);
        Assert.Empty(stalled.Bytes);
        Assert.True(cut.Closed);
        Assert.Empty(cut.Bytes);
        Assert.Equal(0, daemon.Answered);
        Assert.Contains(daemon.Log.Lines, l => l.Contains("nothing read for 0.5 s", StringComparison.Ordinal));
        Assert.Contains(daemon.Log.Lines, l => l.Contains("bytes before the end of the message", StringComparison.Ordinal));
        Assert.True((await AskAsync(daemon, Request(control), Clean)).Answered);
    }
}
