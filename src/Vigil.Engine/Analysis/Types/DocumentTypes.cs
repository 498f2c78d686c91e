using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Office and page-description documents. OLE2 and zip-based formats are told apart by
/// <see cref="CompoundFileInspector"/> and <see cref="ZipInspector"/>; a document with a VBA
/// project has <see cref="DetectedType.HasMacros"/> set and says so in its description.
/// </summary>
internal static class DocumentTypes
{
    public static readonly DetectedType Pdf = new("pdf", "PDF document", ContentKind.Document, "application/pdf");

    public static readonly DetectedType Rtf = new("rtf", "Rich Text Format data", ContentKind.Document, "application/rtf");

    public static readonly DetectedType PostScript = new("postscript", "PostScript document", ContentKind.Document, "application/postscript");

    public static readonly DetectedType Ole2 = new("ole2", "OLE2 compound document", ContentKind.Document, "application/x-ole-storage");

    public static readonly DetectedType Doc = new("doc", "Microsoft Word document (OLE2)", ContentKind.Document, "application/msword");

    public static readonly DetectedType Xls = new("xls", "Microsoft Excel workbook (OLE2)", ContentKind.Document, "application/vnd.ms-excel");

    public static readonly DetectedType Ppt = new("ppt", "Microsoft PowerPoint presentation (OLE2)", ContentKind.Document, "application/vnd.ms-powerpoint");

    public static readonly DetectedType OutlookMessage = new("msg", "Microsoft Outlook message (OLE2)", ContentKind.Document, "application/vnd.ms-outlook");

    public static readonly DetectedType Docx = new("docx", "Microsoft Word 2007+ document (OOXML)", ContentKind.Document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    public static readonly DetectedType Docm = new("docm", "Microsoft Word 2007+ document with macros (OOXML)", ContentKind.Document, "application/vnd.ms-word.document.macroEnabled.12", HasMacros: true);

    public static readonly DetectedType Xlsx = new("xlsx", "Microsoft Excel 2007+ workbook (OOXML)", ContentKind.Document, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    public static readonly DetectedType Xlsm = new("xlsm", "Microsoft Excel 2007+ workbook with macros (OOXML)", ContentKind.Document, "application/vnd.ms-excel.sheet.macroEnabled.12", HasMacros: true);

    public static readonly DetectedType Pptx = new("pptx", "Microsoft PowerPoint 2007+ presentation (OOXML)", ContentKind.Document, "application/vnd.openxmlformats-officedocument.presentationml.presentation");

    public static readonly DetectedType Pptm = new("pptm", "Microsoft PowerPoint 2007+ presentation with macros (OOXML)", ContentKind.Document, "application/vnd.ms-powerpoint.presentation.macroEnabled.12", HasMacros: true);

    public static readonly DetectedType Ooxml = new("ooxml", "Office Open XML document", ContentKind.Document, "application/zip");

    public static readonly DetectedType OoxmlMacro = new("ooxml-macro", "Office Open XML document with macros", ContentKind.Document, "application/zip", HasMacros: true);

    public static readonly DetectedType Odt = new("odt", "OpenDocument Text", ContentKind.Document, "application/vnd.oasis.opendocument.text");

    public static readonly DetectedType Ods = new("ods", "OpenDocument Spreadsheet", ContentKind.Document, "application/vnd.oasis.opendocument.spreadsheet");

    public static readonly DetectedType Odp = new("odp", "OpenDocument Presentation", ContentKind.Document, "application/vnd.oasis.opendocument.presentation");

    public static readonly DetectedType Odg = new("odg", "OpenDocument Drawing", ContentKind.Document, "application/vnd.oasis.opendocument.graphics");

    public static readonly DetectedType Odf = new("odf", "OpenDocument document", ContentKind.Document, "application/zip");

    public static IReadOnlyList<DetectedType> All { get; } =
        [Pdf, Rtf, PostScript, Ole2, Doc, Xls, Ppt, OutlookMessage, Docx, Docm, Xlsx, Xlsm, Pptx, Pptm, Ooxml, OoxmlMacro, Odt, Ods, Odp, Odg, Odf];

    public static ContentProbe[] Probes { get; } = [ProbeOle2, ProbePdf, ProbeRtf, ProbePostScript];

    private static ReadOnlySpan<byte> Ole2Magic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static ReadOnlySpan<byte> EpsBinaryMagic => [0xC5, 0xD0, 0xD3, 0xC6];

    /// <summary>The same type, marked as carrying macros (for formats where macros do not change the id).</summary>
    public static DetectedType WithMacros(DetectedType type) =>
        type.HasMacros ? type : type with { Description = type.Description + " with VBA macros", HasMacros = true };

    private static DetectedType? ProbeOle2(ref ContentReader content) =>
        content.HasAt(0, Ole2Magic) ? CompoundFileInspector.Classify(ref content) : null;

    /// <summary>"%PDF-" within the first 1024 bytes: readers accept junk before it, and malware uses that.</summary>
    private static DetectedType? ProbePdf(ref ContentReader content)
    {
        var window = content.Head[..Math.Min(content.Head.Length, 1024)];
        return window.IndexOf("%PDF-"u8) >= 0 ? Pdf : null;
    }

    /// <summary>Word opens anything starting "{\rt" as RTF (malicious files use "{\rtx" or "{\rt1"), so that is the test.</summary>
    private static DetectedType? ProbeRtf(ref ContentReader content) => content.HasAt(0, @"{\rt"u8) ? Rtf : null;

    private static DetectedType? ProbePostScript(ref ContentReader content) =>
        content.HasAt(0, "%!PS"u8) || content.HasAt(0, EpsBinaryMagic) ? PostScript : null;
}
