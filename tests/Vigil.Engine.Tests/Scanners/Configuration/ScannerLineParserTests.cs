using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanners.Orchestration;

namespace Vigil.Engine.Tests.Scanners.Configuration;

public sealed class ScannerLineParserTests
{
    private static (List<ConfiguredScanner> Scanners, ConfigErrors Errors) Parse(ScannerLineParser parser, params string[] lines)
    {
        var errors = new ConfigErrors();
        var controlLines = new List<ControlLine>();
        for (var i = 0; i < lines.Length; i++)
        {
            controlLines.Add(new ControlLine(i + 1, lines[i]));
        }

        return (parser.Parse("/etc/vigil/scanners", controlLines, errors), errors);
    }

    private static (List<ConfiguredScanner> Scanners, ConfigErrors Errors) Parse(params string[] lines) => Parse(ScannerLineParser.CreateDefault(), lines);

    [Fact]
    public void AClamdLineWithTwoEndpointsModeTimeoutAndOptionalBuildsOneScanner()
    {
        var (scanners, errors) = Parse("clamd tcp:127.0.0.1:3310 tcp:127.0.0.2:3310 mode=raw timeout=30 maxsize=9m maxconnections=4 optional");
        Assert.Empty(errors.Messages);
        var s = Assert.Single(scanners);
        Assert.False(s.Required);
        Assert.True(s.IsVirusScanner);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Timeout);
        Assert.Equal("/etc/vigil/scanners:1", s.Origin);
        var clamd = Assert.IsType<ClamdScanner>(s.Scanner);
        Assert.Equal(ClamdScanMode.Raw, clamd.Mode);
        Assert.Equal(9L * 1024 * 1024, clamd.MaxSize);
        Assert.Equal(4, clamd.Endpoints.MaxConnections);
        Assert.Equal(["tcp:127.0.0.1:3310", "tcp:127.0.0.2:3310"], clamd.Endpoints.Clients.Select(c => c.Address.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(30), clamd.Client.Timeouts.Total);
        Assert.Equal("clamd tcp:127.0.0.1:3310 tcp:127.0.0.2:3310", s.Name);
    }

    [Fact]
    public void AClamdLineIsRequiredWithBothModeByDefault()
    {
        var (scanners, errors) = Parse("clamd unix:/run/clamav/clamd.ctl");
        Assert.Empty(errors.Messages);
        var s = Assert.Single(scanners);
        Assert.True(s.Required);
        Assert.Equal(ScannerLine.DefaultTimeout, s.Timeout);
        Assert.Equal(ClamdScanMode.Both, Assert.IsType<ClamdScanner>(s.Scanner).Mode);
    }

    [Fact]
    public void AnUnknownKindIsAnErrorOnItsLineAndGivesNoScanner()
    {
        var (scanners, errors) = Parse("clamd unix:/run/clamav/clamd.ctl", "virusbuster tcp:1.2.3.4:99");
        Assert.Single(scanners);
        var e = Assert.Single(errors.Messages);
        Assert.Equal(ConfigMessageLevel.Error, e.Level);
        Assert.Equal(2, e.Line);
        Assert.StartsWith("/etc/vigil/scanners:2: error: unknown scanner kind 'virusbuster'", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clamd", "clamd needs at least one address")]
    [InlineData("clamd tcp:127.0.0.1:99999", "port must be a number")]
    [InlineData("clamd unix:/x mode=fast", "mode: 'fast' is not raw, entities or both")]
    [InlineData("clamd unix:/x timeout=soon", "timeout: 'soon'")]
    [InlineData("clamd unix:/x timeout=0", "timeout: '0'")]
    [InlineData("clamd unix:/x maxsize=huge", "maxsize: 'huge'")]
    [InlineData("clamd unix:/x maxconnections=0", "maxconnections: '0'")]
    [InlineData("clamd unix:/x tiemout=5", "unknown setting 'tiemout' for clamd")]
    [InlineData("clamd unix:/x required optional", "both required and optional")]
    [InlineData("clamd \"unix:/x", "double quote is not closed")]
    public void AMistakeIsAnErrorOnItsLineAndTheLineGivesNoScanner(string line, string message)
    {
        var (scanners, errors) = Parse("clamd unix:/ok", line);
        Assert.Equal("clamd unix:/ok", Assert.Single(scanners).Name);
        var e = Assert.Single(errors.Messages, m => m.Level == ConfigMessageLevel.Error);
        Assert.Equal(2, e.Line);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARegisteredKindGetsItsPositionalWordsAndSettingsApart()
    {
        ScannerLine? seen = null;
        var parser = new ScannerLineParser().Register("command", (line, errors) =>
        {
            seen = line;
            _ = line.Get("rc");
            _ = line.GetSize("maxsize", 0, errors);
            return new NamedScanner("command " + line.Arguments[0]);
        }, isVirusScanner: true);

        var (scanners, errors) = Parse(parser, "command uvscan /usr/local/bin/uvscan --secure --mime=yes \"a=b c\" {file} rc=13 maxsize=9000000");
        Assert.Empty(errors.Messages);
        Assert.Single(scanners);
        Assert.Equal("command", seen!.Kind);
        Assert.Equal(["uvscan", "/usr/local/bin/uvscan", "--secure", "--mime=yes", "a=b c", "{file}"], seen.Arguments);
        Assert.Equal("13", seen.Settings["rc"]);
        Assert.Equal("9000000", seen.Settings["maxsize"]);
        Assert.True(seen.Required);
    }

    [Fact]
    public void AFactoryThatReturnsNullWithoutSayingWhyStillGivesALocatedError()
    {
        var parser = new ScannerLineParser().Register("spamd", (_, _) => null, isVirusScanner: false);
        var (scanners, errors) = Parse(parser, "spamd tcp:127.0.0.1:783");
        Assert.Empty(scanners);
        Assert.Equal(1, Assert.Single(errors.Messages).Line);
    }

    [Fact]
    public void KindsAreCaseBlindAndTheDefaultRegistryKnowsClamd()
    {
        Assert.Contains("clamd", ScannerLineParser.Default.Kinds);
        var (scanners, errors) = Parse("ClamD tcp:127.0.0.1:3310");
        Assert.Empty(errors.Messages);
        Assert.Single(scanners);
    }

    private sealed class NamedScanner(string name) : IContentScanner
    {
        public string Name => name;

        public Task<IReadOnlyList<Vigil.Engine.Verdicts.Finding>> ScanAsync(Vigil.Engine.Analysis.MessageAnalysis analysis, Vigil.Mime.Spooling.ContentSpool raw, CancellationToken cancellation) =>
            Task.FromResult<IReadOnlyList<Vigil.Engine.Verdicts.Finding>>([]);
    }
}
