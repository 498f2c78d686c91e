using System.Text;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Types.DetectorHarness;

namespace Vigil.Engine.Tests.Types;

public sealed class TextDetectionTests
{
    [Fact]
    public void CallsNothingEmpty()
    {
        var type = Vigil.Engine.Analysis.Types.ContentTypeDetector.Detect([], 0);

        Assert.Equal("empty", type.Id);
        Assert.False(type.IsExecutable);
    }

    [Fact]
    public void DescribesPlainTextByItsEncoding()
    {
        Assert.Equal("ASCII text", Detect("Hello world.\r\nSecond line.\r\n").Description);
        Assert.Equal("UTF-8 Unicode text", Detect("Grüße aus Köln – schön.\n").Description);
        Assert.Equal("ISO-8859 text", Detect(Encoding.Latin1.GetBytes("Grüße aus Köln, schön.\n")).Description);
        Assert.Equal("UTF-16 Unicode text", Detect(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Hello there\r\n")).ToArray()).Description);
        Assert.Equal("UTF-16 Unicode text", Detect(Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes("Hello there\r\n")).ToArray()).Description);
        Assert.Equal("UTF-16 Unicode text", Detect(Encoding.Unicode.GetBytes("Hello there, this is UTF-16 without a mark\r\n")).Description);
        Assert.All(
            [Detect("a"), Detect("Grüße"), Detect(Encoding.Latin1.GetBytes("Grüße"))],
            t => Assert.Equal(("text", ContentKind.Text, "text/plain"), (t.Id, t.Kind, t.MimeType)));
    }

    [Fact]
    public void ForgivesAUtf8SequenceCutAtTheEndOfTheHead()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("é", 5000)));
        Assert.True(text.Length > 8192);

        Assert.Equal("UTF-8 Unicode text", Detect(Encoding.UTF8.GetBytes("x").Concat(text).ToArray()).Description);
    }

    [Fact]
    public void CallsBinaryWithNulBytesData()
    {
        var type = Detect([1, 2, 3, 0, 0, 0, 250, 251, 17, 0, 9]);

        Assert.Equal("data", type.Id);
        Assert.Equal("application/octet-stream", type.MimeType);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>x</body></html>", "html")]
    [InlineData("\r\n  <HTML>\n<BODY>Hi</BODY></HTML>", "html")]
    [InlineData("<meta charset=utf-8><body><p>x</p></body>", "html")]
    [InlineData("<?xml version=\"1.0\"?><note><to>x</to></note>", "xml")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", "html")]
    [InlineData("Please see <html> tags explained below.", "text")]
    public void DetectsMarkup(string text, string id)
    {
        Assert.Equal(id, Detect(text).Id);
    }

    [Fact]
    public void DetectsSvgAsAnImageAndNotesScriptInside()
    {
        var plain = Detect("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\"/></svg>");
        var scripted = Detect("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>fetch('x')</script></svg>");

        Assert.Equal(("svg", ContentKind.Image, "image/svg+xml"), (plain.Id, plain.Kind, plain.MimeType));
        Assert.Equal(("svg-script", ContentKind.Image), (scripted.Id, scripted.Kind));
    }

    [Fact]
    public void DetectsXPixmap()
    {
        Assert.Equal("xpm", Detect("/* XPM */\nstatic char * x[] = {\n\"1 1 1 1\",\n};\n").Id);
    }

    [Fact]
    public void TakesNoRealMailOfTheSpamAssassinCorpusForAProgram()
    {
        foreach (var path in Directory.EnumerateFiles(Vigil.Testing.TestPaths.Corpus("spamassassin"), "*", SearchOption.AllDirectories))
        {
            var type = Detect(File.ReadAllBytes(path));
            Assert.False(type.IsExecutable, $"{path}: {type.Id} ({type.Description})");
        }
    }
}
