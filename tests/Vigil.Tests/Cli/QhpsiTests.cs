using System.Diagnostics;
using Vigil.Testing;

namespace Vigil.Tests.Cli;

/// <summary>
/// `vigil` called the way a QHPSI-patched qmail-queue calls its scanner: the queue file first,
/// then QHPSIARG1.. (here `scan`), with fd 1 still the envelope pipe. Exit 1 (QHPSIRC's default)
/// makes qmail-queue refuse with 554, any other non-zero exit with 454, 0 lets the message in.
/// </summary>
public sealed class QhpsiTests
{
    [Fact]
    public void ABlockedQueueFileGivesOneFoundLineOnStderrAndExitOne()
    {
        using var dir = new TempDir();
        var file = dir.Write("89439", Samples.BannedExe);
        var r = VigilProcess.Run([file, "scan"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Equal($"{file}: attachments:.exe FOUND", r.Stderr.Trim());
    }

    [Fact]
    public void ACleanQueueFileGivesOkAndExitZero()
    {
        using var dir = new TempDir();
        var file = dir.Write("89440", Samples.Clean);
        var r = VigilProcess.Run([file, "scan"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"{file}: OK", r.Stderr.Trim());
    }

    [Fact]
    public void FurtherQhpsiArgumentsAreOptionsOfTheScanAndAnOutageIsExitTwoNeverClean()
    {
        using var dir = new TempDir();
        var file = dir.Write("89441", Samples.Clean);
        var r = VigilProcess.Run([file, "scan", "--clamd", "unix:/nonexistent"]);
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain(": OK", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BannedExe", 1)]
    [InlineData("Clean", 0)]
    public async Task WithFdOneOpenOnlyForReadingAsUnderQmailQueueTheVerdictStillCounts(string sample, int expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("89442", sample == "Clean" ? Samples.Clean : Samples.BannedExe);
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec dotnet \"$VIGIL_DLL\" \"$MESSFILE\" scan 1</dev/null");
        HostIsolation.Apply(psi);
        psi.Environment["VIGIL_DLL"] = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        psi.Environment["MESSFILE"] = file;
        using var p = Process.Start(psi)!;
        var stderr = await p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        Assert.Equal(expected, p.ExitCode);
        Assert.StartsWith(file + ": ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WithQhpsiSetAClamdscanArgumentIsIgnoredNotAUsageErrorThatDefersAllMail()
    {
        using var dir = new TempDir();
        var clean = dir.Write("89443", Samples.Clean);
        var banned = dir.Write("89444", Samples.BannedExe);
        var env = new Dictionary<string, string> { ["QHPSI"] = "vigil", ["QHPSIARG1"] = "--disable-summary" };

        var ok = VigilProcess.Run([clean, "--disable-summary"], environment: env);
        var found = VigilProcess.Run([banned, "--disable-summary"], environment: env);

        Assert.Equal(0, ok.ExitCode);
        Assert.Contains($"{clean}: OK", ok.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, found.ExitCode);
        Assert.Contains($"{banned}: attachments:.exe FOUND", found.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void QhpsircSetsTheExitOfABlockedMessage()
    {
        using var dir = new TempDir();
        var banned = dir.Write("89445", Samples.BannedExe);
        var r = VigilProcess.Run([banned, "scan", "--secure"], environment: new Dictionary<string, string> { ["QHPSIRC"] = "13" });
        Assert.Equal(13, r.ExitCode);
    }

    [Fact]
    public void AnUnknownFirstWordWithoutScanIsStillAUsageError()
    {
        var r = VigilProcess.Run(["mess/4/1", "inspect"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Unrecognized command or argument 'mess/4/1'", r.Stderr, StringComparison.Ordinal);
    }
}
