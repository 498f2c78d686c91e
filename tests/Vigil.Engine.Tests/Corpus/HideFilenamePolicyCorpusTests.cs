using Vigil.Engine.Policy;
using Vigil.Engine.Judging;
using Vigil.Engine.Tests.Policy;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Corpus;

/// <summary>
/// noxxi/mime-is-broken hide-filename: 176 mails hiding the name "file.zip" behind RFC 2231,
/// RFC 2047, UTF-16 and repeated-header tricks. A `badfilenames` rule for `\.zip$` must catch
/// every one of them through the whole scanner; the two control mails name only file.png.
/// </summary>
public sealed class HideFilenamePolicyCorpusTests : IDisposable
{
    private readonly TempControlDirectory _control = new TempControlDirectory().Write("badfilenames", "\\.zip$\n");
    private readonly MessageJudge _scanner;

    public HideFilenamePolicyCorpusTests()
    {
        _scanner = CorpusScanner.Create(_control.Path);
    }

    public static TheoryData<string> Mails() => CorpusScanner.FileNames("mime-is-broken", "hide-filename");

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task ABannedZipNameIsFoundInEveryMailButThePngControls(string file)
    {
        var path = TestPaths.Corpus("mime-is-broken", "hide-filename", file);
        using var result = await _scanner.ScanFileAsync(path);

        if (IsControlMail(path))
        {
            Assert.DoesNotContain(result.Verdict.Findings, IsZipBan);
            return;
        }

        Assert.True(result.Verdict.Kind == VerdictKind.Policy, $"{file} ({SubjectOf(path)}): {CorpusScanner.Describe(result.Verdict)}");
        Assert.Contains(result.Verdict.Findings, IsZipBan);
    }

    [Fact]
    public async Task ExactlyOneHundredSeventyFourMailsAreBannedForTheirZipName()
    {
        var banned = 0;
        var controls = 0;
        foreach (var file in CorpusScanner.FilesIn("mime-is-broken", "hide-filename"))
        {
            var path = TestPaths.Corpus("mime-is-broken", "hide-filename", file);
            using var result = await _scanner.ScanFileAsync(path);
            if (result.Verdict.Kind == VerdictKind.Policy && result.Verdict.Findings.Any(IsZipBan))
            {
                banned++;
            }

            controls += IsControlMail(path) ? 1 : 0;
        }

        Assert.Equal(2, controls);
        Assert.Equal(174, banned);
    }

    public void Dispose() => _control.Dispose();

    private static bool IsZipBan(Finding f) =>
        f.Category == FindingCategory.Policy &&
        f.Rule.Contains("badfilenames", StringComparison.Ordinal) &&
        f.Detail.Contains(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>The controls: Subject says "fname-ctype.png " or "fname-cdisp.png ".</summary>
    private static bool IsControlMail(string path)
    {
        var subject = SubjectOf(path);
        return subject.Contains("fname-ctype.png ", StringComparison.Ordinal) ||
            subject.Contains("fname-cdisp.png ", StringComparison.Ordinal);
    }

    private static string SubjectOf(string path) =>
        File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Subject:", StringComparison.Ordinal)) ?? "";
}
