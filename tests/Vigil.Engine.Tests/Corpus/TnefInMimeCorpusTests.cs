using System.Text;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Corpus;

/// <summary>
/// The tnef project's winmail.dat samples (via MimeKit), each wrapped the way Outlook sends it: a
/// base64 application/ms-tnef part named winmail.dat. Through the whole scanner every name of the
/// sample's `.list` must come out as an entity, so policy sees what hides in the TNEF stream.
/// </summary>
public sealed class TnefInMimeCorpusTests
{
    public static TheoryData<string> Samples() => new(SampleNames());

    [Fact]
    public void TheCorpusHoldsNineteenSamplesEachWithAList()
    {
        var samples = SampleNames().ToList();

        Assert.Equal(19, samples.Count);
        Assert.All(samples, s => Assert.True(File.Exists(Sample(s, ".list")), s));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task EveryListedNameComesOutOfTheWinmailDatPart(string sample)
    {
        var message = WrapInMime(File.ReadAllBytes(Sample(sample, ".tnef")));
        using var result = await CorpusScanner.Create().ScanBytesAsync(message);

        Assert.NotNull(result.Analysis);
        Assert.False(result.Verdict.HasFinding(FindingCategory.Error), CorpusScanner.Describe(result.Verdict));
        var tnefPart = result.Analysis.Entities.Single(e => e.FileName == "winmail.dat");
        Assert.Equal("application/ms-tnef", tnefPart.DeclaredType);

        // A listed name may repeat ("Untitled Attachment" four times): each needs its own entity.
        var found = tnefPart.DescendantsAndSelf().Where(e => e != tnefPart).Select(ListedNames).ToList();
        var listed = File.ReadAllLines(Sample(sample, ".list")).Where(l => l.Length > 0).ToList();
        foreach (var name in listed)
        {
            var match = found.FindIndex(names => names.Contains(name));
            Assert.True(match >= 0, $"{sample}: no entity named '{name}'; found [{string.Join(", ", found.Select(n => string.Join("|", n)))}]");
            found.RemoveAt(match);
        }
    }

    /// <summary>
    /// Every name an entity answers to: its file names as written and as normalised, and for the
    /// message bodies (which carry no file name) the member name the extractor gave them ("body.rtf").
    /// </summary>
    private static HashSet<string> ListedNames(Entity entity)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in entity.Names)
        {
            names.Add(n.Raw);
            names.Add(n.Normalized);
        }

        if (entity.Names.Count == 0)
        {
            names.Add(entity.Path[(entity.Path.LastIndexOf('/') + 1)..]);
        }

        return names;
    }

    private static byte[] WrapInMime(byte[] tnef)
    {
        var text = new StringBuilder()
            .Append("From: Outlook User <user@example.com>\r\n")
            .Append("To: someone@example.net\r\n")
            .Append("Subject: TNEF sample\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/mixed; boundary=\"----=_NextPart_000_0001\"\r\n")
            .Append("\r\n")
            .Append("This is a multi-part message in MIME format.\r\n")
            .Append("\r\n")
            .Append("------=_NextPart_000_0001\r\n")
            .Append("Content-Type: text/plain; charset=us-ascii\r\n")
            .Append("\r\n")
            .Append("See the attachment.\r\n")
            .Append("\r\n")
            .Append("------=_NextPart_000_0001\r\n")
            .Append("Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\n")
            .Append("Content-Transfer-Encoding: base64\r\n")
            .Append("Content-Disposition: attachment; filename=\"winmail.dat\"\r\n")
            .Append("\r\n")
            .Append(Convert.ToBase64String(tnef, Base64FormattingOptions.InsertLineBreaks))
            .Append("\r\n")
            .Append("------=_NextPart_000_0001--\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static IEnumerable<string> SampleNames() =>
        CorpusScanner.FilesIn("mimekit", "tnef")
            .Where(f => f.EndsWith(".tnef", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f));

    private static string Sample(string name, string extension) => TestPaths.Corpus("mimekit", "tnef", name + extension);
}
