using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Payloads;

/// <summary>
/// Every file of Debian's clamav-testfiles (one test program wrapped in archives, packers and
/// mail formats) mailed in each common encoding is found by clamd through Vigil.
/// </summary>
[Collection(ClamdCollection.Name)]
public sealed class ClamavTestFilesMailedTests(ClamdFixture clamd)
{
    private const string Directory = "/usr/share/clamav-testfiles";
    private const string Signature = "ClamAV-Test-File";

    public enum Wrapping
    {
        Base64Attachment,
        QuotedPrintableAttachment,
        UuencodedInTextBody,
    }

    private MessageJudge Scanner() =>
        new(new MessageAnalyzer(), new PolicyProvider((string?)null), [new ClamdScanner(new ClamdClient(clamd.Unix))]);

    private static string Mail(Wrapping wrapping, string name, byte[] content) => wrapping switch
    {
        Wrapping.Base64Attachment => PayloadMail.Attachment(name, "application/octet-stream", "base64", Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)),
        Wrapping.QuotedPrintableAttachment => PayloadMail.Attachment(name, "application/octet-stream", "quoted-printable", PayloadMail.QuotedPrintable(content)),
        _ => PayloadMail.InTextBody(Uuencode(name, content)),
    };

    [Theory]
    [InlineData(Wrapping.Base64Attachment)]
    [InlineData(Wrapping.QuotedPrintableAttachment)]
    [InlineData(Wrapping.UuencodedInTextBody)]
    public async Task EveryTestFileIsFound(Wrapping wrapping)
    {
        Assert.True(System.IO.Directory.Exists(Directory), "clamav-testfiles is not installed (scripts/clamd.sh install installs it as root)");
        var files = System.IO.Directory.GetFiles(Directory);
        Assert.NotEmpty(files);
        var scanner = Scanner();
        var missed = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            using var result = await scanner.JudgeAsync(Stream(Mail(wrapping, name, File.ReadAllBytes(file))));
            if (!result.Verdict.Findings.Any(f => f.Category == FindingCategory.Virus && f.Rule.StartsWith(Signature, StringComparison.Ordinal)))
            {
                missed.Add($"{name}: {result.Verdict.Word} {result.Verdict.Worst?.Rule}");
            }
        }

        Assert.True(missed.Count == 0, $"{wrapping}: {missed.Count} of {files.Length} not found: {string.Join("; ", missed)}");
    }
}
