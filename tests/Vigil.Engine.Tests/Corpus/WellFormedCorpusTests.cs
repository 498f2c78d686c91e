using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Corpus;

/// <summary>
/// Legitimate mail (SpamAssassin's "nice" set and CPython's email test messages) must pass the
/// format and limits checks: a gateway that blocks sound mail as malformed is useless. The few
/// CPython messages that are really broken are listed with the reason, each checked by reading it.
/// </summary>
public sealed class WellFormedCorpusTests
{
    /// <summary>CPython test messages that are malformed on purpose, and why a format verdict is right.</summary>
    private static readonly Dictionary<string, string> KnownBroken = new(StringComparer.Ordinal)
    {
        ["msg_15.txt"] = "a nested multipart/alternative reuses the enclosing multipart/mixed boundary",
        ["msg_39.txt"] = "two nested multipart/alternative parts reuse their enclosing multipart's boundary",
        ["msg_17.txt"] = "boundary \"BOUNDARY\" is announced but no delimiter line ever appears",
        ["msg_31.txt"] = "boundary=BOUNDARY_ is announced but the delimiter lines read --BOUNDARY",
        ["msg_19.txt"] = "no header fields at all: a digest body starting with prose",
        ["msg_25.txt"] = "the Content-Type boundary parameter is cut off after \"bo\" (multipart without a boundary)",
        ["msg_41.txt"] = "multipart/alternative with no boundary parameter",
        ["msg_38.txt"] = "its text deliberately starts lines with the boundaries of enclosing and already ended multiparts " +
            "(\"very tricky\"): each client reads different parts",
    };

    private readonly MessageJudge _scanner = CorpusScanner.Create();

    public static TheoryData<string> NiceMails() => CorpusScanner.FileNames("spamassassin", "nice");

    public static TheoryData<string> CpythonMails() => new(CpythonFiles());

    [Theory]
    [MemberData(nameof(NiceMails))]
    public Task EveryNiceSpamAssassinMailPassesFormatAndLimits(string file) =>
        AssertWellFormed(TestPaths.Corpus("spamassassin", "nice", file));

    [Theory]
    [MemberData(nameof(CpythonMails))]
    public async Task EverySoundCpythonMailPassesFormatAndLimits(string file)
    {
        if (KnownBroken.ContainsKey(file))
        {
            return;
        }

        await AssertWellFormed(TestPaths.Corpus("cpython-email", file));
    }

    [Theory]
    [MemberData(nameof(CpythonMails))]
    public async Task EachKnownBrokenCpythonMailIsReportedAsAFormatTrick(string file)
    {
        if (!KnownBroken.TryGetValue(file, out var reason))
        {
            return;
        }

        using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("cpython-email", file));

        Assert.True(result.Verdict.Kind == VerdictKind.Format, $"{file} ({reason}): {CorpusScanner.Describe(result.Verdict)}");
    }

    [Fact]
    public void TheKnownBrokenListNamesOnlyFilesThatExist()
    {
        var present = CpythonFiles().ToHashSet(StringComparer.Ordinal);

        Assert.All(KnownBroken.Keys, f => Assert.Contains(f, present));
    }

    private static IEnumerable<string> CpythonFiles() =>
        CorpusScanner.FilesIn("cpython-email").Where(f => f.StartsWith("msg_", StringComparison.Ordinal) && f.EndsWith(".txt", StringComparison.Ordinal));

    private async Task AssertWellFormed(string path)
    {
        using var result = await _scanner.ScanFileAsync(path);

        Assert.NotNull(result.Analysis);
        var bad = result.Verdict.Findings
            .Where(f => f.Category is FindingCategory.Format or FindingCategory.Limits or FindingCategory.Error)
            .ToList();
        Assert.True(bad.Count == 0, $"{Path.GetFileName(path)}: {CorpusScanner.Describe(result.Verdict)}");
    }
}
