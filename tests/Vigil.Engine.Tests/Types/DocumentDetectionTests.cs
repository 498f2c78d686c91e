using System.Text;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Types.DetectorHarness;

namespace Vigil.Engine.Tests.Types;

public sealed class DocumentDetectionTests
{
    private const string ContentTypesXml = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

    private const string MacroContentTypesXml = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/></Types>";

    private static readonly Guid MsiClass = new("000C1084-0000-0000-C000-000000000046");

    [Fact]
    public void DetectsAMacroDocxByItsVbaProject()
    {
        var docm = ArchiveDetectionTests.Zip(
            ("[Content_Types].xml", ContentTypesXml), ("word/document.xml", "<w:document/>"), ("word/vbaProject.bin", "\u00d0\u00cf"));

        var type = Detect(docm);

        Assert.Equal("docm", type.Id);
        Assert.True(type.HasMacros);
        Assert.Equal(ContentKind.Document, type.Kind);
        Assert.Equal("application/vnd.ms-word.document.macroEnabled.12", type.MimeType);
    }

    [Fact]
    public void DetectsAPlainDocx()
    {
        var docx = ArchiveDetectionTests.Zip(("[Content_Types].xml", ContentTypesXml), ("word/document.xml", "<w:document/>"));

        var type = Detect(docx);

        Assert.Equal("docx", type.Id);
        Assert.False(type.HasMacros);
    }

    [Fact]
    public void FindsMacrosDeclaredOnlyInTheContentTypes()
    {
        var docm = ArchiveDetectionTests.Zip(("[Content_Types].xml", MacroContentTypesXml), ("word/document.xml", "<w:document/>"));

        Assert.Equal("docm", Detect(docm).Id);
    }

    [Theory]
    [InlineData("xl/workbook.xml", "xl/vbaProject.bin", "xlsm")]
    [InlineData("xl/workbook.xml", "xl/styles.xml", "xlsx")]
    [InlineData("ppt/presentation.xml", "ppt/vbaProject.bin", "pptm")]
    [InlineData("ppt/presentation.xml", "ppt/slides/slide1.xml", "pptx")]
    [InlineData("visio/document.xml", "vbaProject.bin", "ooxml-macro")]
    [InlineData("visio/document.xml", "visio/pages.xml", "ooxml")]
    public void TellsOfficeOpenXmlApplicationsAndMacrosFromPartNames(string main, string other, string id)
    {
        var package = ArchiveDetectionTests.Zip(("[Content_Types].xml", ContentTypesXml), (main, "<x/>"), (other, "x"));

        var type = Detect(package);

        Assert.Equal(id, type.Id);
        Assert.Equal(other.EndsWith("vbaProject.bin", StringComparison.Ordinal), type.HasMacros);
    }

    [Fact]
    public void FindsAVbaProjectListedOnlyPastTheHeadThroughTheCentralDirectory()
    {
        var filler = new string('x', 20_000);
        var random = new Random(7);
        var noise = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            noise.Append((char)random.Next(33, 126));
        }

        var docm = ArchiveDetectionTests.Zip(
            ("[Content_Types].xml", ContentTypesXml), ("word/document.xml", noise.ToString() + filler), ("word/vbaProject.bin", "x"));
        Assert.True(docm.Length > 8192);

        Assert.Equal("docm", Detect(docm).Id);
        Assert.Equal("docx", Detect(docm, canOpen: false).Id);
    }

    [Fact]
    public void DetectsOpenDocumentByItsMimetypeEntry()
    {
        // The stored "mimetype" first entry is what makes a file OpenDocument.
        var odt = OpenDocument("application/vnd.oasis.opendocument.text", ("content.xml", "<office:document-content/>"));
        var ods = OpenDocument("application/vnd.oasis.opendocument.spreadsheet", ("content.xml", "<x/>"));

        Assert.Equal("odt", Detect(odt).Id);
        Assert.False(Detect(odt).HasMacros);
        Assert.Equal("ods", Detect(ods).Id);
    }

    [Fact]
    public void FindsBasicMacrosInOpenDocument()
    {
        var odt = OpenDocument(
            "application/vnd.oasis.opendocument.text",
            ("Basic/script-lc.xml", "<x/>"),
            ("Basic/Standard/script-lb.xml", "<x/>"),
            ("Basic/Standard/Module1.xml", "Sub Main"));

        var type = Detect(odt);

        Assert.Equal("odt", type.Id);
        Assert.True(type.HasMacros);
    }

    private static byte[] OpenDocument(string mimeType, params (string Name, string Content)[] more)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var first = zip.CreateEntry("mimetype", System.IO.Compression.CompressionLevel.NoCompression);
            using (var stream = first.Open())
            {
                stream.Write(Encoding.ASCII.GetBytes(mimeType));
            }

            foreach (var (name, content) in more)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public void DetectsWordDocumentsWithAndWithoutMacrosInOle2()
    {
        var plain = CompoundFileBuilder.Build(null, 0, new CompoundNode("WordDocument"), new CompoundNode("1Table"));
        var macro = CompoundFileBuilder.Build(
            null,
            0,
            new CompoundNode("WordDocument"),
            new CompoundNode("Macros", true, new CompoundNode("VBA", true, new CompoundNode("_VBA_PROJECT"), new CompoundNode("dir"))));

        var plainType = Detect(plain);
        var macroType = Detect(macro);

        Assert.Equal("doc", plainType.Id);
        Assert.False(plainType.HasMacros);
        Assert.Equal("doc", macroType.Id);
        Assert.True(macroType.HasMacros);
        Assert.Contains("macros", macroType.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Workbook", "xls")]
    [InlineData("Book", "xls")]
    [InlineData("PowerPoint Document", "ppt")]
    [InlineData("__properties_version1.0", "msg")]
    [InlineData("Contents", "ole2")]
    public void TellsOle2ApplicationsApartByRootStreams(string stream, string id)
    {
        var file = CompoundFileBuilder.Build(null, 0, new CompoundNode("\u0005SummaryInformation"), new CompoundNode(stream));

        Assert.Equal(id, Detect(file).Id);
    }

    [Fact]
    public void FindsExcelVbaProjectStorage()
    {
        var file = CompoundFileBuilder.Build(
            null, 0, new CompoundNode("Workbook"), new CompoundNode("_VBA_PROJECT_CUR", true, new CompoundNode("VBA", true)));

        var type = Detect(file);

        Assert.Equal("xls", type.Id);
        Assert.True(type.HasMacros);
    }

    [Fact]
    public void DoesNotTakeANestedWordStreamForTheRootOne()
    {
        // An Excel workbook with an embedded Word document: it is still a workbook.
        var file = CompoundFileBuilder.Build(
            null, 0, new CompoundNode("Workbook"), new CompoundNode("MBD0001", true, new CompoundNode("WordDocument")));

        Assert.Equal("xls", Detect(file).Id);
    }

    [Fact]
    public void DetectsAWindowsInstallerByItsRootClassAsAnExecutable()
    {
        var file = CompoundFileBuilder.Build(MsiClass, 0, new CompoundNode("\u0005SummaryInformation"));

        var type = Detect(file);

        Assert.Equal("msi", type.Id);
        Assert.Equal(ContentKind.Executable, type.Kind);
    }

    [Fact]
    public void ReadsAnOle2DirectoryPastTheHeadOnlyWhenTheContentCanBeOpened()
    {
        var file = CompoundFileBuilder.Build(null, 40, new CompoundNode("WordDocument"));
        Assert.True(file.Length > 8192);

        Assert.Equal("doc", Detect(file).Id);
        Assert.Equal("ole2", Detect(file, canOpen: false).Id);
    }

    [Fact]
    public void DetectsPdfEvenWithJunkBeforeTheMarker()
    {
        Assert.Equal("pdf", Detect("%PDF-1.7\n1 0 obj\n").Id);
        Assert.Equal("pdf", Detect(new string('\n', 10) + "garbage garbage\n%PDF-1.4\n").Id);
        Assert.Equal("text", Detect(new string('x', 1100) + "%PDF-1.4\n").Id);
    }

    [Theory]
    [InlineData("{\\rtf1\\ansi Hello}", "rtf")]
    [InlineData("{\\rtx evasive}", "rtf")]
    [InlineData("%!PS-Adobe-3.0\n", "postscript")]
    public void DetectsRtfAndPostScript(string text, string id)
    {
        var type = Detect(text);

        Assert.Equal(id, type.Id);
        Assert.Equal(ContentKind.Document, type.Kind);
    }
}
