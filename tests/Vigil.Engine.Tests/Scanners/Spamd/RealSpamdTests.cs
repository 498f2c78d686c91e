using System.Text;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.Spamd.SpamTestMail;

namespace Vigil.Engine.Tests.Scanners.Spamd;

/// <summary>SPAMC/1.5 and the score bands against a real spamd (Debian's SpamAssassin, local rules only).</summary>
[Collection(SpamdCollection.Name)]
public sealed class RealSpamdTests(SpamdFixture spamd)
{
    private SpamdScanner Scanner(string options)
    {
        Assert.True(SpamdScannerOptions.TryParse(Tokens(spamd.Line + " " + options), out var parsed, out var error), error);
        return new SpamdScanner(parsed!);
    }

    private static SpamScore ScoreOf(Finding finding)
    {
        Assert.True(SpamScore.TryParseDetail(finding.Detail, out var score), finding.Detail);
        return score!;
    }

    [Fact]
    public async Task PingAnswersPong()
    {
        var reply = await new SpamdClient(spamd.Address).PingAsync();
        Assert.True(reply.Ok, reply.Text);
        Assert.EndsWith(" 0 PONG", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SymbolsOnGtubeGivesAScoreNearAThousandAndTheGtubeRule()
    {
        var mail = File.ReadAllBytes(GtubeFile);
        var result = await new SpamdClient(spamd.Address).CheckAsync(new MemoryStream(mail), mail.Length, SpamdCommand.Symbols);
        Assert.Equal(SpamdOutcome.Scored, result.Outcome);
        var score = result.Score!;
        Assert.True(score.IsSpam);
        Assert.InRange(score.Score, 990, 1010);
        Assert.Equal(5.0, score.Threshold);
        Assert.Contains("GTUBE", score.Symbols);
    }

    [Fact]
    public async Task CheckGivesTheScoreWithoutSymbolsAndReportExplainsIt()
    {
        var mail = File.ReadAllBytes(GtubeFile);
        var client = new SpamdClient(spamd.Address);
        var check = await client.CheckAsync(new MemoryStream(mail), mail.Length, SpamdCommand.Check);
        var report = await client.CheckAsync(new MemoryStream(mail), mail.Length, SpamdCommand.Report);
        Assert.True(check.Score!.IsSpam);
        Assert.Empty(check.Score.Symbols);
        Assert.True(report.Score!.IsSpam);
        Assert.Contains("GTUBE", report.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GtubeIsRejectedAtFifteen()
    {
        using var result = await ScanFileAsync(Scanner("tag=5 quarantine=10 reject=15"), GtubeFile);
        Assert.Equal(VerdictKind.Spam, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Same(finding, result.Verdict.Worst);
        Assert.Equal(FindingCategory.Spam, finding.Category);
        Assert.Equal("spamd:reject", finding.Rule);
        Assert.Equal(RuleAction.Reject, finding.Action);
        Assert.InRange(ScoreOf(finding).Score, 990, 1010);
        Assert.Contains("GTUBE", ScoreOf(finding).Symbols);
    }

    [Fact]
    public async Task GtubeBetweenQuarantineAndRejectIsQuarantined()
    {
        using var result = await ScanFileAsync(Scanner("tag=5 quarantine=10 reject=5000"), GtubeFile);
        Assert.Equal(VerdictKind.Spam, result.Verdict.Kind);
        Assert.Equal(RuleAction.Quarantine, result.Verdict.Worst!.Action);
        Assert.Equal("spamd:quarantine", result.Verdict.Worst.Rule);
    }

    [Fact]
    public async Task GtubeOnlyAboveTagIsDeliveredCleanWithItsScoreForTheHeaders()
    {
        using var result = await ScanFileAsync(Scanner("tag=5 quarantine=4000 reject=5000"), GtubeFile);
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal(RuleAction.Monitor, finding.Action);
        Assert.Equal("spamd:tag", finding.Rule);
        var score = ScoreOf(finding);
        Assert.StartsWith("Yes, score=10", score.ToStatusHeader(), StringComparison.Ordinal);
        Assert.Contains("tests=", score.ToStatusHeader(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutLevelsSpamdsOwnThresholdTags()
    {
        using var result = await ScanFileAsync(Scanner(""), GtubeFile);
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        Assert.Equal("spamd:tag", Assert.Single(result.Verdict.Findings).Rule);
    }

    [Fact]
    public async Task ARealHamMessageIsCleanAndOnlyCarriesItsScoreForTheHeaders()
    {
        using var result = await ScanFileAsync(Scanner("tag=5 quarantine=10 reject=15"), HamFile);
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal("spamd:none", finding.Rule);
        Assert.Equal(RuleAction.Monitor, finding.Action);
        Assert.True(SpamScore.TryParseDetail(finding.Detail, out var score) && score!.Score < 5, finding.Detail);
    }

    [Fact]
    public async Task AMessageOverSpamcsDefaultSizeIsNotSentAndSaysSo()
    {
        // GTUBE would be rejected, but over 500 KB spamc does not ask spamd, and neither do we.
        var big = GtubeOfSize(520 * 1024);
        using var result = await ScanAsync(Scanner("tag=5 quarantine=10 reject=15"), big);
        Assert.Equal(VerdictKind.Clean, result.Verdict.Kind);
        var finding = Assert.Single(result.Verdict.Findings);
        Assert.Equal(FindingCategory.Limits, finding.Category);
        Assert.Equal("spamd:skipped-size", finding.Rule);
        Assert.Equal(RuleAction.Monitor, finding.Action);
    }

    [Fact]
    public async Task TheSameMessageUnderAConfiguredMaxsizeIsChecked()
    {
        var big = GtubeOfSize(520 * 1024);
        using var result = await ScanAsync(Scanner("reject=15 maxsize=1000000 timeout=120"), big);
        Assert.Equal(VerdictKind.Spam, result.Verdict.Kind);
        Assert.Equal(RuleAction.Reject, result.Verdict.Worst!.Action);
    }

    [Fact]
    public async Task AUserHeaderIsAcceptedBySpamd()
    {
        var mail = Encoding.ASCII.GetBytes("From: a@example.test\r\nSubject: hi\r\n\r\n" + Gtube + "\r\n");
        var result = await new SpamdClient(spamd.Address, user: "vigil").CheckAsync(new MemoryStream(mail), mail.Length);
        Assert.Equal(SpamdOutcome.Scored, result.Outcome);
        Assert.Contains("GTUBE", result.Score!.Symbols);
    }
}
