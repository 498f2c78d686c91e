using System.Text;
using Vigil.Engine.Tests.Corpus;
using Vigil.Engine.Tests.Policy;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Readings;

/// <summary>
/// A part header that runs into base64 with no blank line, with a banned name in a field after
/// the base64-looking line: the parser ends the header there, and the reading of the header to
/// its blank line (<c>#hdr-alt</c>) still brings the name to the policy, also when the admin lets
/// `format` findings pass.
/// </summary>
public sealed class HeaderReadOnTests : IDisposable
{
    private const string Mail =
        "From: a@example.com\nTo: b@example.com\nSubject: invoice\nMIME-Version: 1.0\n" +
        "Content-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: text/plain\n\nsee attached\n" +
        "--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\nQUJD\n" +
        "Content-Disposition: attachment; filename=\"invoice.exe\"\n\nTVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAA=\n--b--\n";

    private readonly TempControlDirectory _control = new TempControlDirectory()
        .Write("badfilenames", "\\.exe$\n")
        .Write("options", "formataction=deliver\n");

    [Fact]
    public async Task ABannedNameAfterTheBase64ThatStartsTheBodyIsFound()
    {
        using var result = await CorpusScanner.Create(_control.Path).ScanBytesAsync(Encoding.ASCII.GetBytes(Mail));

        Assert.True(result.Verdict.Kind == VerdictKind.Policy, CorpusScanner.Describe(result.Verdict));
        Assert.Contains(result.Verdict.Findings, f =>
            f.Category == FindingCategory.Policy && f.Rule.Contains("badfilenames", StringComparison.Ordinal) && f.PartPath == "2/#hdr-alt");
    }

    public void Dispose() => _control.Dispose();
}
