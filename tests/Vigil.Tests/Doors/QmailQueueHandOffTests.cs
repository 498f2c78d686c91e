using System.Text;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Doors;

/// <summary>
/// How `vigil queue` starts the real qmail-queue for clean mail: what happens when it cannot be
/// run or dies, and what signals the child inherits (checked by a stand-in that looks at itself).
/// </summary>
public sealed class QmailQueueHandOffTests
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes(Samples.Clean);

    [Fact]
    public void DefersWithExit71WhenTheRealQmailQueueIsMissing()
    {
        using var door = new QueueDoor();
        File.Delete(door.StandIn);

        var (exit, stderr) = door.Run(Message, QueueDoor.TypicalEnvelope);

        Assert.Equal(71, exit);
        Assert.Contains("cannot run " + door.StandIn, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DefersWithExit71WhenTheRealQmailQueueIsNotExecutable()
    {
        using var door = new QueueDoor();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(door.StandIn, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var (exit, stderr) = door.Run(Message, QueueDoor.TypicalEnvelope);

        Assert.Equal(71, exit);
        Assert.Contains("cannot run " + door.StandIn, stderr, StringComparison.Ordinal);
        Assert.False(door.StandInCalled);
    }

    [Fact]
    public void DefersWithExit71WhenTheRealQmailQueueDiesOfASignal()
    {
        using var door = new QueueDoor();
        // Reads everything, as a qmail-queue that crashed just before its exit would have.
        ReplaceStandIn(door, "cat >/dev/null; cat <&1 >/dev/null; kill -9 $$");

        var (exit, stderr) = door.Run(Message, QueueDoor.TypicalEnvelope);

        Assert.Equal(71, exit);
        Assert.Contains("killed by a signal", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnsTheRefusalOfAQmailQueueThatStopsReadingEarly()
    {
        using var door = new QueueDoor();
        // A qmail-queue that refuses before reading anything: our writes then fail (broken pipe).
        ReplaceStandIn(door, "exit 31");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean + new string('x', 256 * 1024)), QueueDoor.TypicalEnvelope);

        Assert.True(exit == 31, stderr);
    }

    [Fact]
    public void StartsQmailQueueWithNoSignalIgnoredAndNoneBlocked()
    {
        using var door = new QueueDoor();
        // The runtime ignores SIGPIPE itself; qmail-queue must not inherit that (a shell cannot
        // undo an ignored signal, so the stand-in sees what it was given). Read with builtins
        // only: dash blocks every signal around a fork, so a child would see dash mid-fork.
        var status = Path.Combine(door.Dir, "status");
        ReplaceStandIn(door, "while read -r name value; do case \"$name\" in SigBlk:|SigIgn:) echo \"$name$value\";; esac; done </proc/$$/status >'" + status + "'\ncat >/dev/null; cat <&1 >/dev/null");

        var (exit, stderr) = door.Run(Message, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        var masks = File.ReadAllLines(status).ToDictionary(l => l[..7], l => Convert.ToUInt64(l[7..], 16));
        Assert.Equal(0UL, masks["SigBlk:"]);
        // Signals 1-31 at their defaults (SIGPIPE is 13); glibc's own internal signals (32, 33)
        // are the C library's business and set up again by the new program.
        Assert.Equal(0UL, masks["SigIgn:"] & 0x7FFFFFFFUL);
    }

    private static void ReplaceStandIn(QueueDoor door, string body) =>
        File.WriteAllText(door.StandIn, "#!/bin/sh\n" + body + "\n");
}
