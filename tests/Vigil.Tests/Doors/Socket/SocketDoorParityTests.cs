using Vigil.Server.Tests.Local;
using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Doors.Socket;

/// <summary>
/// `vigil queue`, `vigil deliver` and QHPSI's `vigil FILE scan` run as qmail runs them, each
/// message twice: judged by `vigil serve`'s local socket (a real daemon on the same control
/// directory, a real private clamd) and judged in the door's own process (VIGIL_SOCKET=""). The
/// exit codes, what qmail-queue received (headers added included), the quarantine and the QHPSI
/// line must be the same, and the daemon must really have answered each socket run.
/// </summary>
public sealed class SocketDoorParityTests : IDisposable
{
    private readonly PrivateClamdProcess _clamd = new();

    public void Dispose() => _clamd.Dispose();

    private QueueDoor Door()
    {
        var door = new QueueDoor();
        door.WriteOptions("statusheader=yes\n");
        door.WriteControl("scanners", $"clamd {_clamd.TcpText}\n");
        return door;
    }

    [Fact]
    public async Task QueueAnswersTheSameThroughTheSocketAsInProcess()
    {
        using var door = Door();
        await using var daemon = await LocalTestDaemon.StartAsync(door.Control);
        var runs = 0;
        var kinds = new HashSet<string>();
        foreach (var (name, message) in SocketCorpus.Messages(perFolder: 8))
        {
            var local = RunQueue(door, message, "");
            var remote = RunQueue(door, message, daemon.Socket);
            runs++;

            Assert.True(local.Exit == remote.Exit, $"{name}: exit {local.Exit} in-process, {remote.Exit} through the socket\n{local.Stderr}\n{remote.Stderr}");
            Assert.True(local.Delivered.SequenceEqual(remote.Delivered), $"{name}: qmail-queue got other bytes");
            Assert.True(local.Quarantined == remote.Quarantined, $"{name}: quarantined {local.Quarantined} vs {remote.Quarantined}");
            Assert.DoesNotContain("judging the message in this process", remote.Stderr, StringComparison.Ordinal);
            Assert.True(runs == daemon.Answered, $"{name}: the daemon answered {daemon.Answered} of {runs}\n{remote.Stderr}");
            kinds.Add($"{local.Exit}/{local.Quarantined}");
        }

        // The corpus must have exercised more than one answer: delivered, quarantined (virus, policy).
        Assert.Contains("0/", kinds);
        Assert.Contains("0/viruses", kinds);
        Assert.Contains("0/policy", kinds);
    }

    [Fact]
    public async Task DeliverAndQhpsiAnswerTheSameThroughTheSocketAsInProcess()
    {
        using var door = Door();
        await using var daemon = await LocalTestDaemon.StartAsync(door.Control);
        var runs = 0;
        var exits = new HashSet<int>();
        foreach (var (name, message) in SocketCorpus.Messages(perFolder: 3))
        {
            var local = Deliver(door, message, "");
            var remote = Deliver(door, message, daemon.Socket);
            runs++;
            Assert.True(local.ExitCode == remote.ExitCode, $"{name}: deliver exit {local.ExitCode} in-process, {remote.ExitCode} through the socket\n{local.Stderr}\n{remote.Stderr}");
            Assert.Equal(local.Stdout, remote.Stdout);
            Assert.True(runs == daemon.Answered, $"{name}: the daemon answered {daemon.Answered} of {runs}\n{remote.Stderr}");
            exits.Add(local.ExitCode);

            var file = Path.Combine(door.Dir, "queue-file");
            File.WriteAllBytes(file, message);
            var localScan = Qhpsi(door, file, "");
            var remoteScan = Qhpsi(door, file, daemon.Socket);
            runs++;
            Assert.True(localScan.ExitCode == remoteScan.ExitCode, $"{name}: QHPSI exit {localScan.ExitCode} in-process, {remoteScan.ExitCode} through the socket");
            Assert.Equal(localScan.Stderr, remoteScan.Stderr);
            Assert.Equal(runs, daemon.Answered);
        }

        Assert.Contains(0, exits);
        Assert.Contains(99, exits);
    }

    private sealed record QueueRun(int Exit, string Stderr, byte[] Delivered, string Quarantined);

    private static QueueRun RunQueue(QueueDoor door, byte[] message, string socket)
    {
        var before = Quarantine(door);
        foreach (var f in new[] { ".message", ".envelope" })
        {
            File.Delete(door.Record + f);
        }

        var (exit, stderr) = door.Run(message, QueueDoor.TypicalEnvelope, environment: new Dictionary<string, string> { ["VIGIL_SOCKET"] = socket });
        var delivered = door.StandInCalled ? door.ReceivedMessage : [];
        var after = Quarantine(door);
        var stored = string.Join(",", after.Where(kv => kv.Value > before.GetValueOrDefault(kv.Key)).Select(kv => kv.Key));
        return new QueueRun(exit, stderr, delivered, stored);
    }

    private static Dictionary<string, int> Quarantine(QueueDoor door) =>
        new[] { "viruses", "policy", "spam" }.ToDictionary(f => f, f => door.QuarantinedFiles(f).Length);

    private static VigilProcess.Result Deliver(QueueDoor door, byte[] message, string socket) =>
        VigilProcess.Run(
            ["deliver", "--control", door.Control],
            message,
            new Dictionary<string, string> { ["SENDER"] = "a@example.org", ["RECIPIENT"] = "joe@example.net", ["LOCAL"] = "joe", ["HOST"] = "example.net", ["VIGIL_SOCKET"] = socket });

    private static VigilProcess.Result Qhpsi(QueueDoor door, string file, string socket) =>
        VigilProcess.Run([file, "scan"], null, new Dictionary<string, string> { ["VIGIL_CONTROL"] = door.Control, ["VIGIL_SOCKET"] = socket });
}
