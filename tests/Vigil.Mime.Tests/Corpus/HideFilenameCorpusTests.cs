using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;
using Vigil.Testing;

namespace Vigil.Mime.Tests.Corpus;

/// <summary>
/// noxxi/mime-is-broken: 176 mails that hide the attachment name "file.zip" behind RFC 2231,
/// RFC 2047, UTF-16, repeated headers and other tricks. Some client reads ".zip" in each, so the
/// parser must offer a name ending in ".zip" for each.
/// </summary>
public class HideFilenameCorpusTests
{
    public static TheoryData<string> Mails()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(TestPaths.Corpus("mime-is-broken", "hide-filename")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Fact]
    public void TheCorpusHoldsAll176Mails() => Assert.Equal(176, Mails().Count);

    /// <summary>
    /// The two control mails of the set ("fname-ctype.png", "fname-cdisp.png") name the file
    /// file.png in every header; no reading yields ".zip", so none is expected there.
    /// </summary>
    [Theory]
    [MemberData(nameof(Mails))]
    public void OffersAZipNameForEveryHiddenZip(string file)
    {
        var path = TestPaths.Corpus("mime-is-broken", "hide-filename", file);
        var names = NamesIn(path);
        if (IsControlMail(path))
        {
            Assert.DoesNotContain(names, n => n.EndsWith(".zip", StringComparison.Ordinal));
            Assert.Contains("file.png", names);
            return;
        }

        Assert.Contains(names, n => n.EndsWith(".zip", StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyTheTwoPngControlMailsNameNoZip() =>
        Assert.Equal(2, Directory.EnumerateFiles(TestPaths.Corpus("mime-is-broken", "hide-filename")).Count(IsControlMail));

    internal static bool IsControlMail(string path) =>
        File.ReadLines(path).Any(l => l.StartsWith("Subject:", StringComparison.Ordinal) && l.Contains(".png ", StringComparison.Ordinal));

    private static List<string> NamesIn(string path)
    {
        using var context = new AnalysisContext(AnalysisLimits.Default);
        using var stream = File.OpenRead(path);
        var root = MimeParser.Parse(stream, context);
        return root.DescendantsAndSelf().SelectMany(e => e.Names).Select(n => n.Normalized).ToList();
    }
}
