using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Rspamd;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.Spamd.SpamTestMail;

namespace Vigil.Engine.Tests.Scanners.Rspamd;

/// <summary>/checkv2 and the action mapping against a real rspamd (Debian's, stock rules, offline).</summary>
[Collection(RspamdCollection.Name)]
public sealed class RealRspamdTests(RspamdFixture rspamd)
{
    private RspamdScanner Scanner(string options)
    {
        Assert.True(RspamdScannerOptions.TryParse(Tokens(rspamd.Address + " " + options), out var parsed, out var error), error);
        return new RspamdScanner(parsed!);
    }

    [Fact]
    public async Task PingAnswersPong()
    {
        using var client = new RspamdClient(rspamd.Address);
        var (ok, text) = await client.PingAsync();
        Assert.True(ok, text);
    }

    [Fact]
    public async Task CheckOnGtubeGivesRejectWithTheGtubeSymbol()
    {
        var mail = File.ReadAllBytes(GtubeFile);
        using var client = new RspamdClient(rspamd.Address);
        var result = await client.CheckAsync(new MemoryStream(mail), mail.Length);
        Assert.False(result.Failed, result.Detail);
        Assert.Equal("reject", result.Action);
        Assert.True(result.Score!.IsSpam);
        Assert.Contains("GTUBE", result.Score.Symbols);
    }

    [Fact]
    public async Task GtubeIsRejectedByRspamdsOwnAction()
    {
        using var scanner = Scanner("");
        using var result = await ScanFileAsync(scanner, GtubeFile);
        Assert.Equal(VerdictKind.Spam, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal("rspamd:reject", finding.Rule);
        Assert.Equal(RuleAction.Reject, finding.Action);
        Assert.True(SpamScore.TryParseDetail(finding.Detail, out var score), finding.Detail);
        Assert.Contains("GTUBE", score!.Symbols);
    }

    [Fact]
    public async Task WithLevelsTheScoreDecidesNotRspamdsAction()
    {
        // rspamd gives GTUBE its reject score (15 with the stock actions): between 10 and 100 here.
        using var scanner = Scanner("tag=5 quarantine=10 reject=100");
        using var result = await ScanFileAsync(scanner, GtubeFile);
        Assert.Equal(RuleAction.Quarantine, result.Verdict.Worst!.Action);
        Assert.Equal("rspamd:quarantine", result.Verdict.Worst.Rule);
    }

    [Fact]
    public async Task ARealHamMessageIsCleanAndOnlyCarriesItsScoreForTheHeaders()
    {
        using var scanner = Scanner("");
        using var result = await ScanFileAsync(scanner, HamFile);
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal("rspamd:none", finding.Rule);
        Assert.Equal(RuleAction.Monitor, finding.Action);
    }

    [Fact]
    public async Task AMessageOverMaxsizeIsNotSent()
    {
        using var scanner = Scanner("maxsize=1000");
        using var result = await ScanAsync(scanner, GtubeOfSize(2000));
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        Assert.Equal("rspamd:skipped-size", Assert.Single(result.Verdict.Findings).Rule);
    }
}
