using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Command;
using Vigil.Engine.Scanners.CommandApi;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanners.Rspamd;
using Vigil.Engine.Scanners.Spamd;

namespace Vigil.Engine.Tests.Scanners.Configuration;

/// <summary>Every kind of the issue's `scanners` examples builds its scanner from one line.</summary>
public class ScannerKindsTests
{
    private static (List<ConfiguredScanner> Scanners, ConfigErrors Errors) Parse(params string[] lines)
    {
        var errors = new ConfigErrors();
        var controlLines = lines.Select((l, i) => new ControlLine(i + 1, l)).ToList();
        return (ScannerLineParser.CreateDefault().Parse("/etc/vigil/scanners", controlLines, errors), errors);
    }

    [Fact]
    public void TheIssuesExampleLinesBuildTheirScanners()
    {
        var (scanners, errors) = Parse(
            "command uvscan /usr/local/bin/uvscan --secure {file} rc=13 maxsize=9000000",
            "spamd tcp:127.0.0.1:783 tag=5 quarantine=10 reject=15",
            "rspamd http://127.0.0.1:11333",
            "commandapi bogofilter /usr/bin/bogofilter map=0:spam,1:clean,2:clean timeout=20 optional");
        Assert.Empty(errors.Messages);
        Assert.IsType<CommandScanner>(scanners[0].Scanner);
        Assert.True(scanners[0].IsVirusScanner);
        Assert.IsType<SpamdScanner>(scanners[1].Scanner);
        Assert.IsType<RspamdScanner>(scanners[2].Scanner);
        Assert.IsType<CommandApiScanner>(scanners[3].Scanner);
        Assert.False(scanners[3].Required);
        Assert.Equal(TimeSpan.FromSeconds(20), scanners[3].Timeout);
    }

    [Fact]
    public void AScannersOwnComplaintIsReportedWithItsLine()
    {
        var (scanners, errors) = Parse("spamd tcp:127.0.0.1:783", "spamd tcp:127.0.0.1:783 tag=9 reject=5");
        Assert.Single(scanners);
        var e = Assert.Single(errors.Messages);
        Assert.Equal(2, e.Line);
        Assert.Contains("spamd", e.Message, StringComparison.Ordinal);
    }
}
