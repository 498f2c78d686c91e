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
        Assert.Contains("killed by signal 9", stderr, StringComparison.Ordinal);
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
    public void ReturnsQmailQueuesOwnExitCodeEvenWhenCalledWithChildSignalsIgnored()
    {
        using var door = new QueueDoor();

        // With SIGCHLD ignored the kernel would reap qmail-queue itself and its exit code be lost.
        var (exit, stderr) = door.Run(Message, QueueDoor.TypicalEnvelope, standInExit: 0, ignoreChildSignal: true);

        Assert.True(exit == 0, stderr);
        Assert.Equal(Message, door.ReceivedMessage);
    }

    [Fact]
    public void FindsABareQmailQueueNameInPath()
    {
        using var door = new QueueDoor();
        var bin = Path.Combine(door.Dir, "bin");
        Directory.CreateDirectory(bin);
        File.Move(door.StandIn, Path.Combine(bin, "qmail-queue-real"));
        door.WriteOptions("qmailqueue=qmail-queue-real\n");

        var (exit, stderr) = door.Run(Message, QueueDoor.TypicalEnvelope, environment: new Dictionary<string, string> { ["PATH"] = bin + ":/usr/bin:/bin" });

        Assert.True(exit == 0, stderr);
        Assert.Equal(Message, door.ReceivedMessage);
    }

    [Fact]
    public void StartsQmailQueueWithSigpipeAtItsDefaultAndNoSignalBlocked()
    {
        using var door = new QueueDoor();
        // The runtime ignores SIGPIPE itself; qmail-queue must not inherit that (a shell cannot
        // undo an ignored signal, so the stand-in sees what it was given). Read with builtins
        // only: dash blocks every signal around a fork, so a child would see dash mid-fork.
        // Signals the caller ignored on purpose stay so, as under qmail-smtpd.
        var status = Path.Combine(door.Dir, "status");
        ReplaceStandIn(door, "while read -r name value; do case \"$name\" in SigBlk:|SigIgn:) echo \"$name$value\";; esac; done </proc/$$/status >'" + status + "'\ncat >/dev/null; cat <&1 >/dev/null");

        var (exit, stderr) = door.Run(Message, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        var masks = File.ReadAllLines(status).ToDictionary(l => l[..7], l => Convert.ToUInt64(l[7..], 16));
        Assert.Equal(0UL, masks["SigBlk:"]);
        const ulong Sigpipe = 1UL << (13 - 1);
        Assert.Equal(0UL, masks["SigIgn:"] & Sigpipe);
    }

    [Fact]
    public void AnswersAWriteErrorWhenABigMessageCannotBeSpooled()
    {
        using var door = new QueueDoor();
        var big = Encoding.ASCII.GetBytes(Samples.Clean + new string('x', 2 * 1024 * 1024));

        var (exit, stderr) = door.Run(big, QueueDoor.TypicalEnvelope, environment: new Dictionary<string, string> { ["TMPDIR"] = Path.Combine(door.Dir, "no-such-dir") });

        Assert.True(exit == 53, stderr);
        Assert.Contains("cannot spool the message", stderr, StringComparison.Ordinal);
        Assert.False(door.StandInCalled);
    }

    private static void ReplaceStandIn(QueueDoor door, string body) =>
        File.WriteAllText(door.StandIn, "#!/bin/sh\n" + body + "\n");
}
