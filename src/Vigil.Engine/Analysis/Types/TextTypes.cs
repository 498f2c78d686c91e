using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Markup and plain text, plus the two answers when nothing else fits: "empty" and "data".
/// Text-based image formats live here too (SVG, XBM, XPM) because they are found by text rules.
/// </summary>
internal static class TextTypes
{
    public static readonly DetectedType Empty = new("empty", "empty", ContentKind.Unknown, "application/x-empty");

    public static readonly DetectedType Data = new("data", "data", ContentKind.Unknown, "application/octet-stream");

    public static readonly DetectedType Ascii = new("text", "ASCII text", ContentKind.Text, "text/plain");

    public static readonly DetectedType Utf8 = new("text", "UTF-8 Unicode text", ContentKind.Text, "text/plain");

    public static readonly DetectedType EightBit = new("text", "ISO-8859 text", ContentKind.Text, "text/plain");

    public static readonly DetectedType Utf16 = new("text", "UTF-16 Unicode text", ContentKind.Text, "text/plain");

    public static readonly DetectedType Html = new("html", "HTML document text", ContentKind.Text, "text/html");

    public static readonly DetectedType Xml = new("xml", "XML document text", ContentKind.Text, "application/xml");

    /// <summary>SVG is an image to a user but XML to a browser: it can carry script and links.</summary>
    public static readonly DetectedType Svg = new("svg", "SVG image (XML)", ContentKind.Image, "image/svg+xml");

    /// <summary>An SVG with a script element, a javascript: link or an event handler attribute.</summary>
    public static readonly DetectedType SvgWithScript = new("svg-script", "SVG image (XML) with script", ContentKind.Image, "image/svg+xml");

    public static readonly DetectedType Xbm = new("xbm", "X bitmap image (XBM)", ContentKind.Image, "image/x-xbitmap");

    public static readonly DetectedType Xpm = new("xpm", "X pixmap image (XPM)", ContentKind.Image, "image/x-xpixmap");

    public static IReadOnlyList<DetectedType> All { get; } = [Empty, Data, Ascii, Utf8, EightBit, Utf16, Html, Xml, Svg, SvgWithScript, Xbm, Xpm];

    public static TextProbe[] Probes { get; } = [ProbeSvg, ProbeHtml, ProbeXml, ProbeXWindowImages];

    private static readonly string[] ScriptInSvg = ["<script", "javascript:", "onload=", "onerror=", "onclick=", "onmouseover=", "onbegin=", "<foreignobject"];

    private static readonly string[] HtmlOpenings = ["<!doctype html", "<html", "<head", "<body"];

    /// <summary>Plain text, described by its encoding.</summary>
    public static DetectedType PlainText(in TextProfile profile) => profile.Encoding switch
    {
        TextEncodingKind.Ascii => Ascii,
        TextEncodingKind.Utf8 => Utf8,
        TextEncodingKind.Utf16LittleEndian or TextEncodingKind.Utf16BigEndian => Utf16,
        _ => EightBit,
    };

    private static DetectedType? ProbeSvg(ReadOnlySpan<char> text, in TextProfile profile)
    {
        var start = TextScan.TrimStart(text);
        if (start.IsEmpty || start[0] != '<' || !TextScan.ContainsTag(text, "<svg"))
        {
            return null;
        }

        // An SVG opens with <svg, or with an XML declaration, doctype or comment before it.
        var isSvg = start.StartsWith("<svg", StringComparison.Ordinal) || start.StartsWith("<?xml", StringComparison.Ordinal)
            || start.StartsWith("<!doctype svg", StringComparison.Ordinal) || start.StartsWith("<!--", StringComparison.Ordinal);
        if (!isSvg || TextScan.ContainsAny(text, HtmlOpenings))
        {
            return null;
        }

        return TextScan.ContainsAny(text, ScriptInSvg) ? SvgWithScript : Svg;
    }

    /// <summary>HTML: markup first, and an html, head or body element (or the doctype) in the head.</summary>
    private static DetectedType? ProbeHtml(ReadOnlySpan<char> text, in TextProfile profile)
    {
        var start = TextScan.TrimStart(text);
        if (start.IsEmpty || start[0] != '<')
        {
            return null;
        }

        foreach (var opening in HtmlOpenings)
        {
            if (TextScan.ContainsTag(text, opening) || (opening[1] == '!' && TextScan.Contains(text, opening)))
            {
                return Html;
            }
        }

        return null;
    }

    private static DetectedType? ProbeXml(ReadOnlySpan<char> text, in TextProfile profile) =>
        TextScan.TrimStart(text).StartsWith("<?xml", StringComparison.Ordinal) ? Xml : null;

    private static DetectedType? ProbeXWindowImages(ReadOnlySpan<char> text, in TextProfile profile)
    {
        var start = TextScan.TrimStart(text);
        if (start.StartsWith("/* xpm */", StringComparison.Ordinal))
        {
            return Xpm;
        }

        // "#define name_width 16" then "#define name_height 16".
        return start.StartsWith("#define ", StringComparison.Ordinal) && TextScan.Contains(TextScan.FirstLine(start), "_width")
            ? Xbm
            : null;
    }
}
