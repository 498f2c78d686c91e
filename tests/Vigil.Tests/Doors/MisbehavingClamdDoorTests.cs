using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Vigil.Testing;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Doors;

/// <summary>
/// Each door of the real `vigil` process against a clamd that accepts and never answers, one that
/// answers garbage, and one that sends half a reply and then nothing: the door tempfails in its
/// own words (queue 71, deliver 111, QHPSI and `vigil scan` 2) within the scanner's timeout, and
/// nothing passes unscanned. The fake peer is only for faults a real clamd will not produce.
/// </summary>
public sealed class MisbehavingClamdDoorTests
{
    /// <summary>The `scanners` line's read and total timeouts; the door's own defaults are 30 and 60 s.</summary>
    private const int ReadTimeoutSeconds = 2;

    private const int TotalTimeoutSeconds = 4;

    /// <summary>Process start, JIT and a loaded machine on top of the timeout; still far below the defaults.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(TotalTimeoutSeconds + 16);

    public static TheoryData<string, string> DoorsAndFaults()
    {
        var data = new TheoryData<string, string>();
        foreach (var door in new[] { "queue", "deliver", "qhpsi", "scan" })
        {
            foreach (var fault in new[] { "stall", "garbage", "half-reply" })
            {
                data.Add(door, fault);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DoorsAndFaults))]
    public void TheDoorTempfailsWithinTheScannerTimeout(string door, string fault)
    {
        using var clamd = new FakeClamd(Behaviour(fault));
        using var gate = new QueueDoor();
        gate.WriteControl("scanners", $"clamd tcp:{clamd.Address.Host}:{clamd.Address.Port} readtimeout={ReadTimeoutSeconds} timeout={TotalTimeoutSeconds}\n");
        var message = Encoding.ASCII.GetBytes(Samples.Clean);

        var clock = Stopwatch.StartNew();
        var (exit, stderr) = Run(door, gate, message);
        clock.Stop();

        Assert.True(exit == TempfailOf(door), $"{door} against a clamd that does '{fault}': exit {exit}, stderr: {stderr}");
        Assert.True(clock.Elapsed < Bound, $"{door} took {clock.Elapsed.TotalSeconds:0.0} s against a {TotalTimeoutSeconds} s scanner timeout");
        Assert.False(gate.StandInCalled, "the message went on to qmail-queue");
        Assert.DoesNotContain(stderr.Split('\n'), line => line.TrimEnd().EndsWith(": OK", StringComparison.Ordinal));
    }

    private static int TempfailOf(string door) => door switch
    {
        "queue" => 71,
        "deliver" => 111,
        _ => 2,
    };

    private static (int Exit, string Stderr) Run(string door, QueueDoor gate, byte[] message)
    {
        switch (door)
        {
            case "queue":
                return gate.Run(message, QueueDoor.TypicalEnvelope);
            case "deliver":
                var deliver = VigilProcess.Run(
                    ["deliver", "--control", gate.Control],
                    message,
                    new Dictionary<string, string> { ["SENDER"] = "a@example.org", ["RECIPIENT"] = "joe@example.net", ["LOCAL"] = "joe", ["HOST"] = "example.net" });
                return (deliver.ExitCode, deliver.Stderr);
            default:
                var file = Path.Combine(gate.Dir, "89443");
                File.WriteAllBytes(file, message);
                string[] args = door == "qhpsi" ? [file, "scan", "--control", gate.Control] : ["scan", "--control", gate.Control, file];
                var scan = VigilProcess.Run(args);
                return (scan.ExitCode, scan.Stderr);
        }
    }

    private static Func<NetworkStream, CancellationToken, Task> Behaviour(string fault) => fault switch
    {
        // Reads whatever comes and never says a word.
        "stall" => async (s, ct) =>
        {
            var buffer = new byte[64 * 1024];
            while (await s.ReadAsync(buffer, ct) > 0)
            {
            }
        },

        // Answers every request with bytes that are no clamd reply, NUL-ended as clamd's are.
        "garbage" => async (s, ct) =>
        {
            while (true)
            {
                await FakeClamd.ReadRequestAsync(s, ct);
                await s.WriteAsync("\u0001\u00ff\u00fe<html>stream: OK?? FOUND FOUND\u0007\0"u8.ToArray(), ct);
            }
        },

        // Starts a plausible reply, never ends it, and keeps the connection open.
        _ => async (s, ct) =>
        {
            await FakeClamd.ReadRequestAsync(s, ct);
            await s.WriteAsync("1: stream: "u8.ToArray(), ct);
            await Task.Delay(Timeout.Infinite, ct);
        },
    };
}
