using Vigil.Engine.Scanning;
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
        ["msg_33.txt"] = "the boundary is given only as an RFC 2231 extended parameter, boundary*=\"ansi-x3.4-1968''...\", " +
            "quoted, which RFC 2231's grammar does not allow; no plain boundary= parameter",
    };

    private readonly MessageScanner _scanner = CorpusScanner.Create();

    public static TheoryData<string> NiceMails() => CorpusScanner.FileNames("spamassassin", "nice");

    public static TheoryData<string> CpythonMails() => new(CpythonFiles());

    [Theory]
    [MemberData(nameof(NiceMails))]
    public void EveryNiceSpamAssassinMailPassesFormatAndLimits(string file) =>
        AssertWellFormed(TestPaths.Corpus("spamassassin", "nice", file));

    [Theory]
    [MemberData(nameof(CpythonMails))]
    public void EverySoundCpythonMailPassesFormatAndLimits(string file)
    {
        if (KnownBroken.ContainsKey(file))
        {
            return;
        }

        AssertWellFormed(TestPaths.Corpus("cpython-email", file));
    }

    [Theory]
    [MemberData(nameof(CpythonMails))]
    public void EachKnownBrokenCpythonMailIsReportedAsAFormatTrick(string file)
    {
        if (!KnownBroken.TryGetValue(file, out var reason))
        {
            return;
        }

        using var result = _scanner.ScanFile(TestPaths.Corpus("cpython-email", file));

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

    private void AssertWellFormed(string path)
    {
        using var result = _scanner.ScanFile(path);

        Assert.NotNull(result.Analysis);
        var bad = result.Verdict.Findings
            .Where(f => f.Category is FindingCategory.Format or FindingCategory.Limits or FindingCategory.Error)
            .ToList();
        Assert.True(bad.Count == 0, $"{Path.GetFileName(path)}: {CorpusScanner.Describe(result.Verdict)}");
    }
}
