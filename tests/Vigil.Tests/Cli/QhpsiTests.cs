namespace Vigil.Tests.Cli;

/// <summary>
/// `vigil` called the way a QHPSI-patched qmail-queue calls its scanner: the queue file first,
/// then QHPSIARG1.. (here `scan`). Exit 1 (QHPSIRC's default) makes qmail-queue refuse with 554,
/// any other non-zero exit with 454, 0 lets the message into the queue.
/// </summary>
public sealed class QhpsiTests
{
    [Fact]
    public void ABlockedQueueFileGivesOneFoundLineAndExitOne()
    {
        using var dir = new TempDir();
        var file = dir.Write("89439", Samples.BannedExe);
        var r = VigilProcess.Run([file, "scan"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"{file}: attachments:.exe FOUND", r.Lines.Single());
    }

    [Fact]
    public void ACleanQueueFileGivesOkAndExitZero()
    {
        using var dir = new TempDir();
        var file = dir.Write("89440", Samples.Clean);
        var r = VigilProcess.Run([file, "scan"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"{file}: OK", r.Lines.Single());
    }

    [Fact]
    public void FurtherQhpsiArgumentsAreOptionsOfTheScanAndAnOutageIsExitTwoNeverClean()
    {
        using var dir = new TempDir();
        var file = dir.Write("89441", Samples.Clean);
        var r = VigilProcess.Run([file, "scan", "--clamd", "unix:/nonexistent"]);
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain(": OK", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFirstWordWithoutScanIsStillAUsageError()
    {
        var r = VigilProcess.Run(["mess/4/1", "inspect"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown command", r.Stderr, StringComparison.Ordinal);
    }
}
