using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Configuration;

public sealed class ScannerConfigLoaderTests
{
    [Fact]
    public void TheScannersFileIsReadFromTheControlDirectoryWithPathAndLineInEveryError()
    {
        using var dir = new TempDir();
        var path = dir.Write(ScannerFileNames.Scanners, "# our virus scanners\n\nclamd unix:/run/clamav/clamd.ctl\nclamav tcp:127.0.0.1:3310\n");
        var layers = new ControlLayers([dir.Path]);
        var report = new ConfigReport(layers);
        var set = ScannerConfigLoader.Load(layers, ScannerLineParser.Default, report);

        Assert.Single(set.Scanners);
        var error = Assert.Single(set.ConfigErrors);
        Assert.Equal($"{path}:4: error: unknown scanner kind 'clamav' (known: clamd, command, commandapi, rspamd, spamd)", error.ToString());
        Assert.True(report.HasErrors);
        Assert.Contains(report.Files, f => f.Source.Path == path && f.Summary.Contains("clamd unix:/run/clamav/clamd.ctl (required)", StringComparison.Ordinal));
    }

    [Fact]
    public void ABadNoScanTypesPatternIsAnErrorOnItsLine()
    {
        using var dir = new TempDir();
        var path = dir.Write(ScannerFileNames.NoScanTypes, "^text$\n(unclosed\n");
        var set = ScannerConfigLoader.Load(new ControlLayers([dir.Path]), ScannerLineParser.Default);
        Assert.Single(set.NoScanTypes);
        var error = Assert.Single(set.ConfigErrors);
        Assert.Equal(path, error.File);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void WithoutAScannersFileThereAreNoScannersAndNoErrors()
    {
        using var dir = new TempDir();
        var set = ScannerConfigLoader.Load(new ControlLayers([dir.Path]), ScannerLineParser.Default);
        Assert.Empty(set.Scanners);
        Assert.Empty(set.ConfigErrors);
        Assert.False(set.IsActive);
    }

    [Fact]
    public void AnEditedScannersFileIsReloadedForTheNextMessage()
    {
        using var dir = new TempDir();
        var path = dir.Write(ScannerFileNames.Scanners, "clamd unix:/a.sock\n");
        var provider = new ScannerProvider(new ControlLayers([dir.Path]));
        Assert.Equal("clamd unix:/a.sock", Assert.Single(provider.Current.Scanners).Name);
        Assert.Same(provider.Current, provider.Current);
        Assert.Equal(1, provider.LoadCount);

        File.WriteAllText(path, "clamd unix:/a.sock\nclamd unix:/b.sock optional\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(["clamd unix:/a.sock", "clamd unix:/b.sock"], provider.Current.Scanners.Select(s => s.Name));
        Assert.Equal(2, provider.LoadCount);
    }

    [Fact]
    public async Task ABrokenScannersLineFailsClosedEveryMessageIsAnErrorNotClean()
    {
        // A typo must not quietly remove the virus scanner and let mail through unscanned.
        using var dir = new TempDir();
        dir.Write(ScannerFileNames.Scanners, "clamd tcp:127.0.0.1:331O\n");
        var scanner = new MessageJudge(new MessageAnalyzer(), new PolicyProvider(dir.Path), new ScannerProvider(new ControlLayers([dir.Path])));
        using var result = await scanner.JudgeAsync(Stream(Clean));
        Assert.Equal(VerdictKind.Error, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal(ScannerRules.ConfigError, finding.Rule);
        Assert.Contains("scanners:1: error:", finding.Detail, StringComparison.Ordinal);
    }
}
