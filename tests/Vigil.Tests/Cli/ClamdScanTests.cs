using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.Testing;

namespace Vigil.Tests.Cli;

/// <summary>`vigil scan --clamd ADDR`: a virus is named, an outage is an error (exit 2), never OK.</summary>
public class ClamdScanTests
{
    private const string EicarBase64 = "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=";

    [Fact]
    public void AnUnreachableClamdIsAnErrorExitTwoAndNothingIsReportedClean()
    {
        using var dir = new TempDir();
        var file = dir.Write("x.eml", Samples.Clean);
        var r = VigilProcess.Run(["scan", "--clamd", "unix:/nonexistent", file]);
        Assert.Equal(2, r.ExitCode);
        var line = r.Lines.Single();
        Assert.DoesNotContain(": OK", line, StringComparison.Ordinal);
        Assert.EndsWith(" ERROR", line, StringComparison.Ordinal);
        Assert.Contains("clamd unix:/nonexistent", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheJsonVerdictOfAnUnreachableClamdIsError()
    {
        using var dir = new TempDir();
        var file = dir.Write("x.eml", Samples.Clean);
        var r = VigilProcess.Run(["scan", "--json", "--clamd", "tcp:127.0.0.1:1", file]);
        Assert.Equal(2, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Lines.Single());
        Assert.Equal("error", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("clamd:unreachable", doc.RootElement.GetProperty("findings")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public void AMalformedClamdAddressIsRefusedBeforeScanning()
    {
        using var dir = new TempDir();
        var file = dir.Write("x.eml", Samples.Clean);
        var r = VigilProcess.Run(["scan", "--clamd", "not-an-address", file]);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("not-an-address", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ARealClamdNamesEicarAndPassesCleanMail()
    {
        using var run = new TempDir();
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var env = new Dictionary<string, string> { ["VIGIL_CLAMD_DIR"] = run.Path, ["VIGIL_CLAMD_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var install = Script("install", env);
        Assert.True(install.ExitCode == 0, "clamd is needed and could not be installed: " + install.Output);
        var start = Script("start", env);
        Assert.True(start.ExitCode == 0, "clamd is needed and did not start: " + start.Output);
        try
        {
            using var dir = new TempDir();
            var eicar = dir.Write(
                "eicar.eml",
                "From: a@example.org\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
                "--b\nContent-Type: application/octet-stream; name=\"e.txt\"\nContent-Transfer-Encoding: base64\n\n" + EicarBase64 + "\n--b--\n");
            var clean = dir.Write("clean.eml", Samples.Clean);
            var r = VigilProcess.Run(["scan", "--clamd", $"tcp:127.0.0.1:{port}", eicar, clean]);
            Assert.Equal(1, r.ExitCode);
            Assert.StartsWith($"{eicar}: Eicar-Test-Signature", r.Lines[0], StringComparison.Ordinal);
            Assert.EndsWith(" FOUND", r.Lines[0], StringComparison.Ordinal);
            Assert.Equal($"{clean}: OK", r.Lines[1]);
        }
        finally
        {
            Script("stop", env);
        }
    }

    private static (int ExitCode, string Output) Script(string verb, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "scripts", "clamd.sh"));
        psi.ArgumentList.Add(verb);
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"scripts/clamd.sh {verb} did not finish");
        }

        return (p.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}
