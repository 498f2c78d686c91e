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
        using var clamd = new PrivateClamdProcess();
        using var dir = new TempDir();
        var eicar = dir.Write(
            "eicar.eml",
            "From: a@example.org\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
            "--b\nContent-Type: application/octet-stream; name=\"e.txt\"\nContent-Transfer-Encoding: base64\n\n" + EicarBase64 + "\n--b--\n");
        var clean = dir.Write("clean.eml", Samples.Clean);
        var r = VigilProcess.Run(["scan", "--clamd", clamd.TcpText, eicar, clean]);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"{eicar}: Eicar-Test-Signature", r.Lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" FOUND", r.Lines[0], StringComparison.Ordinal);
        Assert.Equal($"{clean}: OK", r.Lines[1]);
    }
}
