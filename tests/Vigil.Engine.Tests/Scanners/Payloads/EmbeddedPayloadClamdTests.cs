using Vigil.Testing;
using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Payloads;

/// <summary>
/// EICAR hidden the ways mail hides files (BinHex, TNEF, uuencode, junk-laden base64, nested
/// zips): each is decoded by Vigil and named by a real clamd with the path of the part it is in.
/// </summary>
[Collection(ClamdCollection.Name)]
public sealed class EmbeddedPayloadClamdTests(ClamdFixture clamd)
{
    private const string EicarName = "Eicar-Test-Signature";

    private MessageJudge Scanner(ClamdScanMode mode = ClamdScanMode.Both) =>
        new(new MessageAnalyzer(), new PolicyProvider((string?)null), [new ClamdScanner(new ClamdClient(clamd.Unix), mode)]);

    private async Task AssertEicarAtAsync(string mail, string partPath)
    {
        using var result = await Scanner().JudgeAsync(Stream(mail));
        Assert.Equal(VerdictKind.Virus, result.Verdict.Kind);
        Assert.Contains(result.Verdict.Findings, f =>
            f.Category == FindingCategory.Virus && f.Rule.StartsWith(EicarName, StringComparison.Ordinal) && f.PartPath == partPath);
    }

    [Fact]
    public async Task EicarInBinHexInATextBodyIsFoundInTheBinHexFile()
    {
        await AssertEicarAtAsync(PayloadMail.InTextBody(BinHexTestEncoder.Encode("eicar.com", Eicar, [])), "1/eicar.com");
    }

    [Fact]
    public async Task EicarInAWinmailDatIsFoundInTheTnefAttachment()
    {
        var tnef = PayloadTnef.WithAttachment("eicar.com", Eicar);
        var mail = PayloadMail.Attachment("winmail.dat", "application/ms-tnef", "base64", Convert.ToBase64String(tnef, Base64FormattingOptions.InsertLineBreaks));
        await AssertEicarAtAsync(mail, "2/eicar.com");
    }

    [Fact]
    public async Task EicarUuencodedInATextBodyIsFoundInTheUuencodedFile()
    {
        await AssertEicarAtAsync(PayloadMail.InTextBody(Uuencode("eicar.com", Eicar)), "1/eicar.com");
    }

    [Fact]
    public async Task EicarBehindBase64WithJunkBlanksAndRaggedLinesIsFound()
    {
        // Junk outside the alphabet, blanks and tabs, lines of every length; the decoder skips it
        // all, as lenient clients do.
        var junky = new StringBuilder();
        var junk = new[] { "*", " ", "\t", "#", "\r\n", ".", "!!", "\n" };
        var i = 0;
        foreach (var c in EicarBase64)
        {
            junky.Append(c);
            if (++i % 5 == 0)
            {
                junky.Append(junk[(i / 5) % junk.Length]);
            }
        }

        await AssertEicarAtAsync(PayloadMail.Attachment("e.com", "application/octet-stream", "base64", junky.ToString()), "2");
    }

    [Fact]
    public async Task EicarInAZipInAZipInAZipIsFoundInTheInnermostMember()
    {
        var zip = Zip("inner.zip", Zip("eicar.com", Eicar));
        var outer = Zip("middle.zip", zip);
        var mail = PayloadMail.Attachment("outer.zip", "application/zip", "base64", Convert.ToBase64String(outer, Base64FormattingOptions.InsertLineBreaks));
        await AssertEicarAtAsync(mail, "2/middle.zip/inner.zip/eicar.com");
    }

    [Fact]
    public async Task EicarInAZipSentAsQuotedPrintableIsFoundInTheMember()
    {
        var mail = PayloadMail.Attachment("e.zip", "application/zip", "quoted-printable", PayloadMail.QuotedPrintable(Zip("eicar.com", Eicar)));
        await AssertEicarAtAsync(mail, "2/eicar.com");
    }
}
