using Vigil.Testing;
using Vigil.Tests.Doors;

namespace Vigil.Tests.Cli;

/// <summary>`vigil scanners`: exit 2 when a required scanner does not answer (spamd and rspamd included), 0 when each does.</summary>
public sealed class ScannersCommandTests(TaggingSpamd spamd) : IClassFixture<TaggingSpamd>
{
    private static VigilProcess.Result Scanners(TempDir dir, string lines)
    {
        dir.Write("control/scanners", lines);
        return VigilProcess.Run(["scanners", "--control", Path.Combine(dir.Path, "control")]);
    }

    [Fact]
    public void ARealSpamdThatAnswersPasses()
    {
        using var dir = new TempDir();

        var r = Scanners(dir, spamd.ScannersLine + "\n");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains(r.Lines, l => l.Contains($"127.0.0.1:{PeerScript.Text(spamd.Port)}: ok, spamd", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("clamd tcp:127.0.0.1:{port}")]
    [InlineData("spamd tcp:127.0.0.1:{port}")]
    [InlineData("rspamd http://127.0.0.1:{port}/")]
    public void ARequiredScannerThatDoesNotAnswerFailsWithExitTwo(string line)
    {
        using var dir = new TempDir();

        var r = Scanners(dir, spamd.ScannersLine + "\n" + line.Replace("{port}", PeerScript.Text(PeerScript.FreePort()), StringComparison.Ordinal) + "\n");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(r.Lines, l => l.Contains("unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOptionalScannerThatDoesNotAnswerIsListedButDoesNotFail()
    {
        using var dir = new TempDir();

        var r = Scanners(dir, spamd.ScannersLine + "\n" + $"clamd tcp:127.0.0.1:{PeerScript.Text(PeerScript.FreePort())} optional\n");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains(r.Lines, l => l.Contains("unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public void ACommandScannerWhoseProgramIsMissingFailsAndOneThatExistsPasses()
    {
        using var dir = new TempDir();

        var missing = Scanners(dir, "command av /nonexistent/vigil-test-scanner {file}\n");
        var present = Scanners(dir, "command av /bin/sh -c true {file}\n");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(missing.Lines, l => l.Contains("/nonexistent/vigil-test-scanner: not usable: no such program", StringComparison.Ordinal));
        Assert.True(present.ExitCode == 0, present.Stdout + present.Stderr);
        Assert.Contains(present.Lines, l => l.Contains("/bin/sh: ok, program /bin/sh is executable", StringComparison.Ordinal));
    }
}
