using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Install;

/// <summary>`vigil test-install` on a control directory written by `vigil install`, run as a process.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class TestInstallCommandTests
{
    [Fact]
    public void WithARealClamdEveryTestMailBehavesAsConfiguredThroughTheQueueDoor()
    {
        using var clamd = new PrivateClamdProcess();
        using var install = new StagedInstall("--clamd", clamd.TcpText);
        Assert.True(install.Install.ExitCode == 0, install.Install.Stdout);

        var r = VigilProcess.Run(["test-install", "--control", install.Control], environment: install.DoorEnvironment);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("OK   eicar", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK   policy", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK   clean", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("quarantined as " + Path.Combine(install.Quarantine, "viruses", "new"), r.Stdout, StringComparison.Ordinal);
        Assert.Contains("quarantined as " + Path.Combine(install.Quarantine, "policy", "new"), r.Stdout, StringComparison.Ordinal);

        // Only the clean mail reached qmail-queue.
        Assert.Contains("vigil-test-install.", File.ReadAllText(install.Record + ".message"), StringComparison.Ordinal);
        Assert.Contains(".clean@", File.ReadAllText(install.Record + ".message"), StringComparison.Ordinal);
    }

    [Fact]
    public void WithARealClamdTheInstalledWrapperAndTheScanDoorPassToo()
    {
        using var clamd = new PrivateClamdProcess();
        using var install = new StagedInstall("--clamd", clamd.TcpText);

        var wrapper = VigilProcess.Run(["test-install", "--control", install.Control, "--queue", install.QueueWrapper], environment: install.DoorEnvironment);
        Assert.True(wrapper.ExitCode == 0, wrapper.Stdout + wrapper.Stderr);

        var scan = VigilProcess.Run(["test-install", "--control", install.Control, "--door", "scan"]);
        Assert.True(scan.ExitCode == 0, scan.Stdout + scan.Stderr);
        Assert.Contains("got:      virus finding Eicar", scan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreachableClamdFailsTheEicarCheckAndSaysWhyWithoutCrashing()
    {
        using var install = new StagedInstall("--clamd", "unix:/nonexistent/clamd.ctl");
        var r = VigilProcess.Run(["test-install", "--control", install.Control], environment: install.DoorEnvironment);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("FAIL eicar", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("a required scanner could not be asked (error:clamd:unreachable", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);

        // Mail that could not be checked is deferred, never queued.
        Assert.Contains("FAIL clean", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("exit 71", r.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(install.Record + ".message"));

        var scan = VigilProcess.Run(["test-install", "--control", install.Control, "--door", "scan"]);
        Assert.Equal(1, scan.ExitCode);
        Assert.Contains("a required scanner could not be asked: clamd:unreachable", scan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnyVirusScannerTheEicarMailIsNotSentAndTheReportSaysSo()
    {
        using var install = new StagedInstall();
        var r = VigilProcess.Run(["test-install", "--control", install.Control], environment: install.DoorEnvironment);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("FAIL eicar", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("no virus scanner is configured", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK   policy", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK   clean", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ARejectActionInOptionsIsWhatThePolicyMailMustGet()
    {
        using var install = new StagedInstall();
        File.AppendAllText(Path.Combine(install.Control, "options"), "policyaction=reject\n");
        var r = VigilProcess.Run(["test-install", "--control", install.Control], environment: install.DoorEnvironment);
        Assert.Contains("OK   policy", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("refused permanently (exit 31)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("got:      exit 31 (permanent refusal: 554)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownDoorIsAUsageError()
    {
        var r = VigilProcess.Run(["test-install", "--door", "smtp"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--door", r.Stderr, StringComparison.Ordinal);
    }
}
