using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Dispositions.Tagging;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Tagging;

public sealed class MessageTaggerTests
{
    private const string Plain = "From: a@example.org\nTo: b@example.net\nSubject: hi\n\nhello\n";

    [Fact]
    public async Task AddsNothingToCleanMailWithTheDefaultOptions()
    {
        using var result = await ScanAsync(Plain);
        var tagger = MessageTagger.FromOptions(Vigil.Engine.Policy.Control.PolicyOptions.Default);

        Assert.False(tagger.StatusHeader);
        Assert.False(tagger.WouldAdd(result));
        Assert.Empty(tagger.Build(result, "\n"));
    }

    [Fact]
    public async Task TheStatusHeaderSaysTheResultAndWhatWasCheckedWithoutNamingTools()
    {
        const string multipart = "From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\none\n--b\nContent-Type: text/plain\n\ntwo\n--b--\n";
        using var result = await ScanAsync(multipart);

        var text = Encoding.ASCII.GetString(new MessageTagger(statusHeader: true, spamHeaders: true).Build(result, "\n"));

        Assert.Equal($"X-Vigil-Status: clean; parts=3; bytes={multipart.Length}\n", text);
    }

    [Fact]
    public void SpamHeadersFollowSpamAssassinsNamesAndFormat()
    {
        var score = new SpamScore(1000.3, 5, ["GTUBE", "MISSING_DATE"], true);
        using var result = Result(SpamBands.FindingFor("spamd", SpamBand.Tag, score)!);

        var text = Encoding.ASCII.GetString(new MessageTagger(false, true).Build(result, "\r\n"));

        Assert.Equal(
            "X-Spam-Flag: YES\r\n" +
            "X-Spam-Score: 1000.3\r\n" +
            $"X-Spam-Level: {new string('*', SpamHeaders.MaxStars)}\r\n" +
            "X-Spam-Status: Yes, score=1000.3 required=5.0 tests=GTUBE,MISSING_DATE\r\n",
            text);
    }

    [Fact]
    public void AScoreBelowTheTagBandReportedAsNoneGivesStatusNoAndNoFlag()
    {
        var score = new SpamScore(2.6, 5, ["MISSING_DATE"], false);
        using var result = Result(new Finding(FindingCategory.Spam, "spamd:none", score.ToDetail(), "", RuleAction.Monitor));

        var text = Encoding.ASCII.GetString(new MessageTagger(false, true).Build(result, "\n"));

        Assert.DoesNotContain("X-Spam-Flag", text, StringComparison.Ordinal);
        Assert.Contains("X-Spam-Level: **\n", text, StringComparison.Ordinal);
        Assert.Contains("X-Spam-Status: No, score=2.6 required=5.0 tests=MISSING_DATE\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-3.1, "")]
    [InlineData(0.9, "")]
    [InlineData(1.0, "*")]
    [InlineData(7.9, "*******")]
    [InlineData(1e9, "**************************************************")]
    public void TheLevelHasOneStarPerWholePointAndIsCapped(double score, string stars) =>
        Assert.Equal(stars, SpamHeaders.Stars(score));

    [Fact]
    public void HostileTestNamesCannotStartAHeaderOfTheirOwn()
    {
        // A detail as a compromised filter might return it: CR/LF and a header inside a symbol.
        var score = new SpamScore(9, 5, ["GTUBE\r\nBcc:victim@example.org", "Ä_RULE", "\u2028X"], true);
        using var result = Result(SpamBands.FindingFor("spamd", SpamBand.Tag, score)!);

        var bytes = new MessageTagger(true, true).Build(result, "\n");
        var text = Encoding.ASCII.GetString(bytes);

        Assert.All(bytes, b => Assert.True(b is (byte)'\n' or (byte)'\t' or (>= 0x20 and < 0x7F), $"byte {b}"));
        Assert.DoesNotContain("\nBcc", text, StringComparison.Ordinal);
        Assert.Contains("tests=GTUBEBccvictimexample.org,_RULE,X", text.Replace("\n\t", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void ALongTestListIsFoldedIntoShortLinesAndBounded()
    {
        var symbols = Enumerable.Range(0, 500).Select(i => $"SOME_LONG_RULE_NAME_{i}").ToArray();
        using var result = Result(SpamBands.FindingFor("spamd", SpamBand.Tag, new SpamScore(12, 5, symbols, true))!);

        var text = Encoding.ASCII.GetString(new MessageTagger(false, true).Build(result, "\n"));
        var status = text[text.IndexOf("X-Spam-Status:", StringComparison.Ordinal)..];
        var lines = status.Split('\n')[..^1];

        Assert.True(lines.Length > 5);
        Assert.All(lines, l => Assert.True(l.Length <= 78, l));
        Assert.All(lines[1..], l => Assert.StartsWith("\t", l, StringComparison.Ordinal));
        Assert.True(status.Length < 1100, status.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheHighestScoringSpamFilterIsTheOneReported()
    {
        using var result = Result(
            SpamBands.FindingFor("rspamd", SpamBand.Tag, new SpamScore(6, 15, ["R1"], false))!,
            SpamBands.FindingFor("spamd", SpamBand.Tag, new SpamScore(8, 5, ["S1"], true))!);

        var text = Encoding.ASCII.GetString(new MessageTagger(false, true).Build(result, "\n"));

        Assert.Contains("X-Spam-Score: 8.0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SpamHeadersCanBeTurnedOff()
    {
        using var result = Result(SpamBands.FindingFor("spamd", SpamBand.Tag, new SpamScore(8, 5, ["S1"], true))!);

        Assert.Empty(new MessageTagger(false, false).Build(result, "\n"));
    }

    [Theory]
    [InlineData("a: b\r\nc: d\r\n", "\r\n")]
    [InlineData("a: b\nc: d\r\n", "\n")]
    [InlineData("no line end at all", "\n")]
    public void TheLineEndIsTheMessagesOwn(string head, string expected) =>
        Assert.Equal(expected, MessageTagger.NewlineOf(Encoding.ASCII.GetBytes(head)));

    [Theory]
    [InlineData("statusheader", "yes", 0)]
    [InlineData("statusheader", "n", 0)]
    [InlineData("spamheaders", "off", 0)]
    [InlineData("statusheader", "sometimes", 1)]
    [InlineData("spamheaders", "", 1)]
    public void ValidateNamesEveryTaggingKeyThatIsNotYesOrNo(string key, string value, int errors)
    {
        var options = new Vigil.Engine.Policy.Control.PolicyOptions(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [key] = value });

        Assert.Equal(errors, TaggingOptions.Validate(options).Count);
    }

    private static Judgement Result(params Finding[] findings) => new(null, new Verdict(findings), TimeSpan.Zero);

    private static Task<Judgement> ScanAsync(string message) =>
        new MessageJudge(new MessageAnalyzer(), new PolicyProvider((string?)null)).JudgeAsync(new MemoryStream(Encoding.ASCII.GetBytes(message)));
}
