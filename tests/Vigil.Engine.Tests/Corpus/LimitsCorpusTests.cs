using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Corpus;

/// <summary>
/// mailparser's hostile fixtures (a 1 MB one-line HTML call stack, out-of-memory bait) and
/// MimeKit's message samples (a 135 KB folded header, digests, DSNs) must be read within the
/// default limits and without an internal error.
/// </summary>
public sealed class LimitsCorpusTests
{
    /// <summary>Files allowed to reach a limit, with why. None needs it today.</summary>
    private static readonly Dictionary<string, string> AllowedLimitHits = new(StringComparer.Ordinal);

    private readonly MessageJudge _scanner = CorpusScanner.Create();

    public static TheoryData<string> MailparserMails() => CorpusScanner.FileNames("mailparser");

    public static TheoryData<string> MimekitMessages() => CorpusScanner.FileNames("mimekit", "messages");

    [Theory]
    [MemberData(nameof(MailparserMails))]
    public Task EveryMailparserFixtureIsReadWithinTheLimits(string file) =>
        AssertWithinLimits(TestPaths.Corpus("mailparser", file));

    [Theory]
    [MemberData(nameof(MimekitMessages))]
    public Task EveryMimekitMessageIsReadWithinTheLimits(string file) =>
        AssertWithinLimits(TestPaths.Corpus("mimekit", "messages", file));

    private async Task AssertWithinLimits(string path)
    {
        using var result = await _scanner.ScanFileAsync(path);
        var name = Path.GetFileName(path);

        Assert.NotNull(result.Analysis);
        Assert.True(result.Verdict.Kind != VerdictKind.Error, $"{name}: {CorpusScanner.Describe(result.Verdict)}");
        Assert.DoesNotContain(result.Verdict.Findings, f => f.Category == FindingCategory.Error);
        if (!AllowedLimitHits.ContainsKey(name))
        {
            Assert.True(
                !result.Verdict.HasFinding(FindingCategory.Limits) && result.Analysis.LimitHits.Count == 0,
                $"{name}: {CorpusScanner.Describe(result.Verdict)}");
        }
    }
}
