using System.Net;
using System.Net.Sockets;
using Vigil.Testing;

namespace Vigil.Tests.Cli;

/// <summary>`vigil scanners` and the `scanners` control file seen from the command line.</summary>
public class ScannersCommandTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public void AnUnreachableRequiredClamdIsReportedAndTheExitIsTwo()
    {
        var port = FreePort();
        var r = VigilProcess.Run(["scanners", "--clamd", $"tcp:127.0.0.1:{port}"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"clamd tcp:127.0.0.1:{port} (required; --clamd)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"tcp:127.0.0.1:{port}: unreachable:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreachableRequiredSpamdFailsTheCheck()
    {
        using var dir = new TempDir();
        var port = FreePort();
        dir.Write("scanners", $"spamd tcp:127.0.0.1:{port} tag=5\n");
        var r = VigilProcess.Run(["scanners", "--control", dir.Path]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"spamd tcp:127.0.0.1:{port} (required; ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"tcp:127.0.0.1:{port}: unreachable:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnsweringSpamdPassesTheCheck()
    {
        using var spamd = new Vigil.Tests.Doors.TaggingSpamd();
        using var dir = new TempDir();
        dir.Write("scanners", spamd.ScannersLine + " tag=5\n");
        var r = VigilProcess.Run(["scanners", "--control", dir.Path]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains($"tcp:127.0.0.1:{spamd.Port}: ok, spamd SPAMD/1.", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreachableOptionalClamdFromTheScannersFileDoesNotFailTheCheck()
    {
        using var dir = new TempDir();
        dir.Write("scanners", $"# optional: an outage is logged, not an error\nclamd tcp:127.0.0.1:{FreePort()} optional\n");
        var r = VigilProcess.Run(["scanners", "--control", dir.Path]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("(optional; " + Path.Combine(dir.Path, "scanners") + ":2)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("unreachable", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigCheckReportsAScannersFileErrorWithFileAndLine()
    {
        using var dir = new TempDir();
        var path = dir.Write("scanners", "clamd unix:/run/clamav/clamd.ctl\nclamd tcp:localhost:notaport\nsophie /var/run/sophie\n");
        var r = VigilProcess.Run(["config", "check", "--control", dir.Path]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{path}:2: error: ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{path}:3: error: unknown scanner kind 'sophie'", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ScanRefusesToStartWithABrokenScannersFile()
    {
        using var dir = new TempDir();
        dir.Write("scanners", "clamd tcp:127.0.0.1:331O\n");
        var mail = dir.Write("x.eml", Samples.Clean);
        var r = VigilProcess.Run(["scan", "--control", dir.Path, mail]);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("scanners:1: error:", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ARealClamdAnswersWithItsEngineVersionAndTheExitIsZero()
    {
        using var clamd = new PrivateClamdProcess();
        using var dir = new TempDir();
        dir.Write("scanners", $"clamd {clamd.UnixText} {clamd.TcpText}\n");
        var r = VigilProcess.Run(["scanners", "--control", dir.Path]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains($"{clamd.TcpText}: ok, ClamAV 1.", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{clamd.UnixText}: ok, ClamAV 1.", r.Stdout, StringComparison.Ordinal);

        // The same clamd named in the scanners file scans: EICAR (kept base64 here) is found.
        var eicar = dir.Write(
            "eicar.eml",
            "From: a@example.org\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
            "--b\nContent-Type: application/octet-stream; name=\"e.bin\"\nContent-Transfer-Encoding: base64\n\n" +
            "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=\n--b--\n");
        var scan = VigilProcess.Run(["scan", "--json", "--control", dir.Path, eicar]);
        Assert.Equal(1, scan.ExitCode);
        Assert.Contains("Eicar-Test-Signature", scan.Stdout, StringComparison.Ordinal);
    }
}
