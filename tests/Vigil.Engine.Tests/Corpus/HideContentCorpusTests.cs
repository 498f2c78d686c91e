using Vigil.Engine.Judging;
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
    /// Each would pass as clean; none is left (the two QP "=0=50" / "=XX=50" mails are read both ways now).
    private static readonly Dictionary<string, string> ExpectedFailures = new(StringComparer.Ordinal);

    private readonly MessageJudge _scanner = CorpusScanner.Create();

    public static TheoryData<string> Mails() => CorpusScanner.FileNames("mime-is-broken", "hide-content-sample");

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task ThePayloadIsFoundOrTheMailIsBlockedAsMalformed(string file)
    {
        var path = TestPaths.Corpus("mime-is-broken", "hide-content-sample", file);
        using var result = await _scanner.ScanFileAsync(path);

        Assert.NotNull(result.Analysis);
        Assert.DoesNotContain(result.Verdict.Findings, f => f.Category == FindingCategory.Error);
        // A payload archive left damaged by the trick is blocked as unreadable: also not passed on unread.
        var caught = FoundEicar(result) || result.Verdict.Kind == VerdictKind.Format
            || result.Verdict.Findings.Any(f => f.Rule == "unreadable-archive");
        if (ExpectedFailures.TryGetValue(file, out var why))
        {
            Assert.False(caught, $"{file} now passes; remove it from the expected failures ({why})");
            return;
        }

        Assert.True(caught, $"{file} [{PayloadId(path)}]: no eicar.com found; {CorpusScanner.Describe(result.Verdict)}; entities: {Tree(result)}");
    }

    /// <summary>
    /// Each byte written as "=0=50" or "=XX=50": kept literally the broken escapes garble the zip,
    /// dropped (as other clients do) they give eicar.zip. Both readings are there, and the broken
    /// escapes in an attachment make the mail a format case on their own.
    /// </summary>
    [Theory]
    [InlineData("1652908061.nAhd")]
    [InlineData("1652908061.Z5tm")]
    public async Task BrokenQuotedPrintableEscapesAreReadBothWays(string file)
    {
        using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("mime-is-broken", "hide-content-sample", file));

        // The default policy also bans eicar.com by its extension, which ranks above format.
        Assert.Contains(result.Verdict.Findings, f => f.Category == FindingCategory.Format && f.Rule == "format:" + AnomalyCodes.QuotedPrintableInvalid && f.PartPath == "2");
        var eicar = Assert.Single(result.Analysis!.Entities, e => e.Source == EntitySource.Archive && e.FileName == "eicar.com");
        Assert.Equal("2/#qp-alt/eicar.com", eicar.Path);
        var alternative = eicar.Parent!;
        Assert.Equal("eicar.zip", alternative.FileName);
        Assert.Equal("application/octet-stream", alternative.DeclaredType);
    }

    /// <summary>
    /// Mails whose payload Vigil does not yield, with why. Every other mail must give eicar.com
    /// itself (being blocked as malformed is not enough here): what a client shows is scanned.
    /// </summary>
    private static readonly Dictionary<string, string> PayloadNotFound = new(StringComparer.Ordinal)
    {
        // BinHex that decodes to the Perl text "ARRAY(0x55a642d8d418)": the generator wrote no file.
        ["1652908061.pLSH"] = "no payload in the sample",
    };

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task EveryHiddenPayloadIsFound(string file)
    {
        using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("mime-is-broken", "hide-content-sample", file));

        if (PayloadNotFound.TryGetValue(file, out var why))
        {
            Assert.False(FoundEicar(result), $"{file} now yields eicar.com; remove it from the list ({why})");
            Assert.Equal(VerdictKind.Format, result.Verdict.Kind);
            return;
        }

        Assert.True(FoundEicar(result), $"{file}: no eicar.com; entities: {Tree(result)}");
    }

    /// <summary>
    /// One rule per construction (the X-Payload-Id names it): the header gives no boundary that
    /// works (none, a quoted one with a space, RFC 2231 sections, a backslash, "boundary=boundary=",
    /// a comment in the value or around the parameter), and the delimiter lines of the body are
    /// used, as a client that splits by what it sees does.
    /// </summary>
    [Theory]
    [InlineData("1652908061.4aOl")] // multipart-space_boundary-inside:squote
    [InlineData("1652908061.633i")] // multipart-rfc2231-plain*M*
    [InlineData("1652908061.HSt6")] // multipart-hidekey-DBeBeb.b
    [InlineData("1652908061.Nay7")] // multipart-rfc2231-enc*MRL
    [InlineData("1652908061.buC9")] // multipart-eq.esc
    [InlineData("1652908061.rqTg")] // multipart-comment-CBC_keb_CE.b
    [InlineData("1652908061.ybAb")] // multipart-comment-keb1Cb2.b1Cb2
    public async Task TheBoundaryOfTheBodyIsUsedWhenTheHeaderGivesNoneThatWorks(string file)
    {
        using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("mime-is-broken", "hide-content-sample", file));

        Assert.Contains(result.Analysis!.Anomalies, a => a.Code == AnomalyCodes.BoundaryGuessed);
        var eicar = Assert.Single(result.Analysis.Entities, e => e.Source == EntitySource.Archive && e.FileName == "eicar.com");
        Assert.Contains("#boundary-guess.2/eicar.com", eicar.Path, StringComparison.Ordinal);
        Assert.Equal(VerdictKind.Policy, result.Verdict.Kind);
    }

    /// <summary>
    /// outer_in_inner_base64: the outer boundary as the first line of each inner part's base64.
    /// A reader that looks only for the innermost open boundary skips that line, and the zip is
    /// whole; the second reading (#innermost) is that reader's, its anomalies notices only.
    /// </summary>
    [Fact]
    public async Task AnOuterBoundaryInsideAnInnerMultipartIsAlsoReadAsNoise()
    {
        using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("mime-is-broken", "hide-content-sample", "1652908061.t9ZR"));

        var eicar = Assert.Single(result.Analysis!.Entities, e => e.Source == EntitySource.Archive && e.FileName == "eicar.com");
        Assert.Equal("#innermost.1.2/eicar.com", eicar.Path);
        Assert.DoesNotContain(result.Analysis.Anomalies, a => a.PartPath.StartsWith("#innermost", StringComparison.Ordinal) && a.Severity == AnomalySeverity.Format);
    }

    /// <summary>An empty nested multipart ended by the outer one is read again, and stays as it was judged.</summary>
    [Fact]
    public async Task TheInnermostReadingAddsNoFormatFinding()
    {
        using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("mimekit", "messages", "empty-multipart.txt"));

        Assert.Contains(result.Analysis!.Entities, e => e.Path == "#innermost");
        Assert.DoesNotContain(result.Verdict.Findings, f => f.Category == FindingCategory.Format);
    }

    /// <summary>base64-badeq: '=' written for 'A' inside the lines; the second reading takes it as 0.</summary>
    [Fact]
    public async Task Base64PaddingInsideLinesIsReadAsZeroToo()
    {
        using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("mime-is-broken", "hide-content-sample", "1652908061.ASTm"));

        var eicar = Assert.Single(result.Analysis!.Entities, e => e.Source == EntitySource.Archive && e.FileName == "eicar.com");
        Assert.Equal("2/#b64-alt/eicar.com", eicar.Path);
    }

    /// <summary>b64_HB_delim-4JB_nonl: no blank line after the part header and 4 junk digits before the zip.</summary>
    [Fact]
    public async Task AHeaderRunningIntoItsBase64BodyAndJunkBeforeTheZipHideNothing()
    {
        using var result = await _scanner.ScanFileAsync(TestPaths.Corpus("mime-is-broken", "hide-content-sample", "1652908061._z3o"));

        var eicar = Assert.Single(result.Analysis!.Entities, e => e.Source == EntitySource.Archive && e.FileName == "eicar.com");
        Assert.Equal("2/eicar.com", eicar.Path);
        Assert.Contains(result.Verdict.Findings, f => f.Rule == "format:" + AnomalyCodes.BrokenPartHeader);
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

    private static bool FoundEicar(Judgement result) =>
        result.Analysis!.Entities.Any(e => e.Source == EntitySource.Archive && e.FileName == "eicar.com");

    private static string PayloadId(string path) =>
        File.ReadLines(path).FirstOrDefault(l => l.StartsWith("X-Payload-Id:", StringComparison.Ordinal)) ?? "";

    private static string Tree(Judgement result) =>
        string.Join(", ", result.Analysis!.Entities.Select(e => $"'{e.Path}' {e.DeclaredType} {e.TransferEncoding} {e.Detected?.Id} {e.Size}B"));
}
