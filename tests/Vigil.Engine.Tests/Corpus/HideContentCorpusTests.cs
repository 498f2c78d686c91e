using Vigil.Engine.Scanning;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Testing;
using Xunit.Abstractions;

namespace Vigil.Engine.Tests.Corpus;

/// <summary>
/// noxxi/mime-is-broken hide-content (every 9th of 372): each mail hides eicar.zip (a zip holding
/// eicar.com) behind malformed MIME. A gateway must either find the payload (so a virus scanner
/// can see it) or block the mail as a format trick; passing it on unread is the failure.
/// </summary>
public sealed class HideContentCorpusTests(ITestOutputHelper output)
{
    /// <summary>Mails where the payload is neither found nor the mail blocked, keyed by file, with what the parser did.</summary>
    /// Each passes as clean today; the engine should block or decode them (see the reasons).
    private static readonly Dictionary<string, string> ExpectedFailures = new(StringComparer.Ordinal)
    {
        ["1652908061.nAhd"] = "qp =H_allenc-cont: every byte written '=0=XX=', an invalid '=0' before each escape; we keep '=0' literally " +
            "(qp-invalid notice) so the zip is garbled, while a decoder that drops invalid escapes yields eicar.zip",
        ["1652908061.Z5tm"] = "qp =XX_allenc-cont: the same trick with another invalid escape before each byte; qp-invalid notice only",
    };

    private readonly MessageScanner _scanner = CorpusScanner.Create();

    public static TheoryData<string> Mails() => CorpusScanner.FileNames("mime-is-broken", "hide-content-sample");

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task ThePayloadIsFoundOrTheMailIsBlockedAsMalformed(string file)
    {
        var path = TestPaths.Corpus("mime-is-broken", "hide-content-sample", file);
        using var result = await _scanner.ScanFileAsync(path);

        Assert.NotNull(result.Analysis);
        Assert.DoesNotContain(result.Verdict.Findings, f => f.Category == FindingCategory.Error);
        var caught = FoundEicar(result) || result.Verdict.Kind == VerdictKind.Format;
        if (ExpectedFailures.TryGetValue(file, out var why))
        {
            Assert.False(caught, $"{file} now passes; remove it from the expected failures ({why})");
            return;
        }

        Assert.True(caught, $"{file} [{PayloadId(path)}]: no eicar.com found; {CorpusScanner.Describe(result.Verdict)}; entities: {Tree(result)}");
    }

    /// <summary>Not an assertion: the spread of verdicts and anomaly codes, for the record.</summary>
    [Fact]
    public async Task SummarisesVerdictsAndAnomalies()
    {
        var verdicts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var codes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in CorpusScanner.FilesIn("mime-is-broken", "hide-content-sample"))
        {
            using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("mime-is-broken", "hide-content-sample", file));
            var word = result.Verdict.Word + (FoundEicar(result) ? "+eicar" : "");
            verdicts[word] = verdicts.GetValueOrDefault(word) + 1;
            foreach (var code in result.Analysis!.Anomalies.Select(a => a.Code + (a.Severity == AnomalySeverity.Format ? " (format)" : "")).Distinct())
            {
                codes[code] = codes.GetValueOrDefault(code) + 1;
            }
        }

        output.WriteLine("verdicts: " + string.Join(", ", verdicts.Select(kv => $"{kv.Key}={kv.Value}")));
        output.WriteLine("anomalies (mails): " + string.Join(", ", codes.Select(kv => $"{kv.Key}={kv.Value}")));
        Assert.Equal(42, verdicts.Values.Sum());
    }

    private static bool FoundEicar(ScanResult result) =>
        result.Analysis!.Entities.Any(e => e.Source == EntitySource.Archive && e.FileName == "eicar.com");

    private static string PayloadId(string path) =>
        File.ReadLines(path).FirstOrDefault(l => l.StartsWith("X-Payload-Id:", StringComparison.Ordinal)) ?? "";

    private static string Tree(ScanResult result) =>
        string.Join(", ", result.Analysis!.Entities.Select(e => $"'{e.Path}' {e.DeclaredType} {e.TransferEncoding} {e.Detected?.Id} {e.Size}B"));
}
