using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Tests.Corpus;
using Vigil.Engine.Verdicts;
using Vigil.Testing;
using Xunit.Abstractions;

namespace Vigil.Engine.Tests.Scanners.Payloads;

/// <summary>
/// noxxi/mime-is-broken hide-content (42 of 372): each mail hides eicar.zip behind malformed
/// MIME. With a real clamd and the default policy each must end as a virus (Vigil's decoding
/// handed clamd the payload) or as a format case (no sane reading yields it); never clean.
/// </summary>
[Collection(ClamdCollection.Name)]
public sealed class HideContentClamdTests(ClamdFixture clamd, ITestOutputHelper output)
{
    private static readonly string[] Folder = ["mime-is-broken", "hide-content-sample"];

    public static TheoryData<string> Mails() => CorpusScanner.FileNames(Folder);

    private MessageJudge Scanner(ClamdScanMode mode) =>
        new(new MessageAnalyzer(), new PolicyProvider((string?)null), [new ClamdScanner(new ClamdClient(clamd.Unix), mode)]);

    private Task<Judgement> ScanAsync(string file, ClamdScanMode mode) =>
        Scanner(mode).ScanFileAsync(TestPaths.Corpus([.. Folder, file]));

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task EndsAsAVirusOrAsAFormatCase(string file)
    {
        using var result = await ScanAsync(file, ClamdScanMode.Both);

        Assert.DoesNotContain(result.Verdict.Findings, f => f.Category == FindingCategory.Error);
        Assert.True(
            result.Verdict.Kind is VerdictKind.Virus or VerdictKind.Format || IsUnreadableArchive(result.Verdict),
            $"{file}: {CorpusScanner.Describe(result.Verdict)}");
    }

    /// <summary>
    /// The record for the docs: how many end as virus and as format, and how many clamd catches
    /// alone from the raw mail. Vigil must catch every mail clamd alone catches, and more.
    /// </summary>
    [Fact]
    public async Task VigilFindsTheVirusWhereverClamdAloneDoesAndMore()
    {
        var virus = 0;
        var format = 0;
        var unreadable = 0;
        var rawCaught = 0;
        var lostByVigil = new List<string>();
        var formatCases = new List<string>();
        foreach (var file in CorpusScanner.FilesIn(Folder))
        {
            using var both = await ScanAsync(file, ClamdScanMode.Both);
            using var raw = await ScanAsync(file, ClamdScanMode.Raw);
            var vigilVirus = both.Verdict.HasFinding(FindingCategory.Virus);
            var rawVirus = raw.Verdict.HasFinding(FindingCategory.Virus);
            virus += both.Verdict.Kind == VerdictKind.Virus ? 1 : 0;
            if (both.Verdict.Kind == VerdictKind.Format)
            {
                format++;
                formatCases.Add($"{file} ({both.Verdict.Worst?.Rule})");
            }
            else if (both.Verdict.Kind != VerdictKind.Virus && IsUnreadableArchive(both.Verdict))
            {
                unreadable++;
                formatCases.Add($"{file} (unreadable-archive)");
            }

            rawCaught += rawVirus ? 1 : 0;
            if (rawVirus && !vigilVirus)
            {
                lostByVigil.Add(file);
            }
        }

        output.WriteLine($"hide-content-sample with clamd (both): virus={virus}, format={format}, unreadable archive={unreadable}, other={42 - virus - format - unreadable}; clamd alone on the raw mail finds {rawCaught} of 42");
        output.WriteLine("format and unreadable cases: " + string.Join(", ", formatCases));
        Assert.Equal(42, virus + format + unreadable);
        Assert.Empty(lostByVigil);
        Assert.True(virus > rawCaught, $"Vigil's decoding should find more than clamd alone ({virus} vs {rawCaught})");
    }

    /// <summary>The trick damaged the payload zip itself: blocked as an archive nobody could check.</summary>
    private static bool IsUnreadableArchive(Verdict verdict) =>
        verdict.Kind == VerdictKind.Policy && verdict.Findings.Any(f => f.Rule == "unreadable-archive");
}
