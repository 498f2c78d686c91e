using Vigil.Mime.Model;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Types;

public sealed class CorpusSampleDetectionTests
{
    [Theory]
    [InlineData("python.bmp", "bmp", ContentKind.Image)]
    [InlineData("python.exr", "exr", ContentKind.Image)]
    [InlineData("python.gif", "gif", ContentKind.Image)]
    [InlineData("python.jpg", "jpeg", ContentKind.Image)]
    [InlineData("python.pbm", "pbm", ContentKind.Image)]
    [InlineData("python.pgm", "pgm", ContentKind.Image)]
    [InlineData("python.png", "png", ContentKind.Image)]
    [InlineData("python.ppm", "ppm", ContentKind.Image)]
    [InlineData("python.ras", "sun-raster", ContentKind.Image)]
    [InlineData("python.sgi", "sgi", ContentKind.Image)]
    [InlineData("python.tiff", "tiff", ContentKind.Image)]
    [InlineData("python.webp", "webp", ContentKind.Image)]
    [InlineData("python.xbm", "xbm", ContentKind.Image)]
    [InlineData("sndhdr.aifc", "aifc", ContentKind.Audio)]
    [InlineData("sndhdr.aiff", "aiff", ContentKind.Audio)]
    [InlineData("sndhdr.au", "au", ContentKind.Audio)]
    [InlineData("sndhdr.wav", "wav", ContentKind.Audio)]
    public void DetectsEveryCPythonImageAndSoundSampleAsItsFormat(string file, string id, ContentKind kind)
    {
        var type = DetectorHarness.Detect(File.ReadAllBytes(TestPaths.Corpus("cpython-email", file)));

        Assert.Equal(id, type.Id);
        Assert.Equal(kind, type.Kind);
        Assert.StartsWith(kind == ContentKind.Image ? "image/" : "audio/", type.MimeType, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectsTheCPythonTestMessagesAsText()
    {
        foreach (var path in Directory.GetFiles(TestPaths.Corpus("cpython-email"), "msg_*.txt"))
        {
            var type = DetectorHarness.Detect(File.ReadAllBytes(path));
            Assert.True(type.Kind == ContentKind.Text, $"{Path.GetFileName(path)}: {type.Id} ({type.Description})");
        }
    }

    private static string OleVbMacro(string mail) => TestPaths.Corpus("spamassassin", "spam", "olevbmacro", mail);

    [Theory]
    [InlineData("macro.eml", "macro.xlsm", "xlsm", true)]
    [InlineData("malicemacro.eml", "automacro.xlsm", "xlsm", true)]
    [InlineData("renamedmacro.eml", "renamed.jpg", "xlsm", true)]
    [InlineData("nomacro.eml", "nomacro.xlsx", "xlsx", false)]
    [InlineData("target_uri.eml", "uridoc.docx", "docx", false)]
    public void TellsOfficeOpenXmlAttachmentsOfRealMailApartByMacros(string mail, string attachment, string id, bool macros)
    {
        var content = MailAttachments.Extract(OleVbMacro(mail), attachment);

        var withContent = DetectorHarness.Detect(content);
        var headOnly = DetectorHarness.Detect(content, canOpen: false);

        Assert.Equal(id, withContent.Id);
        Assert.Equal(macros, withContent.HasMacros);
        Assert.Equal(ContentKind.Document, withContent.Kind);

        // These files are smaller than the head, so the head alone gives the same answer.
        Assert.Equal(withContent, headOnly);
    }

    [Fact]
    public void SeesTheEncryptedZipFromRealMailAsAPlainZip()
    {
        // Its only member is encrypted: the names are readable, the content is not, so it is a zip.
        var content = MailAttachments.Extract(OleVbMacro("zippwmacro.eml"), "macro.zip");

        Assert.Equal("zip", DetectorHarness.Detect(content).Id);
    }

    [Fact]
    public void SeesTheEncryptedWordFileFromRealMailAsAnOle2ContainerWithoutWordStreams()
    {
        // Office encryption wraps the OOXML package in an OLE2 file with EncryptedPackage streams.
        var content = MailAttachments.Extract(OleVbMacro("encrypted.eml"), "encrypted_word_doc.docx");

        var type = DetectorHarness.Detect(content);

        Assert.Equal("ole2", type.Id);
        Assert.False(type.HasMacros);
    }

    [Theory]
    [InlineData("gtube_pdf.eml", "gtube.pdf", "pdf")]
    [InlineData("gtube_png.eml", "gtube.png", "png")]
    [InlineData("gtube_b64_oct.eml", "gtube.txt", "text")]
    public void DetectsOtherRealAttachments(string mail, string attachment, string id)
    {
        var content = MailAttachments.Extract(TestPaths.Corpus("spamassassin", "spam", "extracttext", mail), attachment);

        Assert.Equal(id, DetectorHarness.Detect(content).Id);
    }

    [Theory]
    [InlineData("MAPI_ATTACH_DATA_OBJ/VIA_Nytt_1402.doc", "doc")]
    [InlineData("missing-filenames/TechlibNOV99.doc", "doc")]
    [InlineData("MAPI_ATTACH_DATA_OBJ/VIA_Nytt_1402.pdf", "pdf")]
    [InlineData("multi-value-attribute/208225__5_seconds__Voice_Mail.mp3", "mp3")]
    [InlineData("winmail/message.rtf", "rtf")]
    [InlineData("unicode-mapi-attr-name/image001.png", "png")]
    public void DetectsTheFilesCarriedInMimeKitTnefSamples(string file, string id)
    {
        Assert.Equal(id, DetectorHarness.Detect(File.ReadAllBytes(TestPaths.Corpus("mimekit", "tnef", file))).Id);
    }

    [Fact]
    public void DetectsEveryMimeKitTnefStreamAsTnef()
    {
        var files = Directory.GetFiles(TestPaths.Corpus("mimekit", "tnef"), "*.tnef");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var type = DetectorHarness.Detect(File.ReadAllBytes(file));
            Assert.True(type.Id == "tnef", $"{Path.GetFileName(file)}: {type.Id}");
        }
    }
}
