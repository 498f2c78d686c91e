using System.Text;
using System.Text.Encodings.Web;

namespace Vigil.Web.Html;

/// <summary>
/// Writes a page. Tag and attribute names are the code's own constants; every text and every
/// attribute value goes through <see cref="HtmlEncoder"/>, so nothing from a mail or a request is
/// ever markup. There is no way to add raw text.
/// </summary>
public sealed class HtmlWriter
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder _sb = new(8 * 1024);

    /// <summary>An opening tag; attributes with a null value are left out, "" writes a bare attribute.</summary>
    public HtmlWriter Open(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        _sb.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }

            _sb.Append(' ').Append(name);
            if (value.Length > 0)
            {
                _sb.Append("=\"").Append(Encoder.Encode(value)).Append('"');
            }
        }

        _sb.Append('>');
        return this;
    }

    public HtmlWriter Close(string tag)
    {
        _sb.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>Text, encoded.</summary>
    public HtmlWriter Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _sb.Append(Encoder.Encode(text));
        }

        return this;
    }

    /// <summary>&lt;tag attributes&gt;text&lt;/tag&gt;.</summary>
    public HtmlWriter Element(string tag, string? text, params ReadOnlySpan<(string Name, string? Value)> attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    /// <summary>A void element (input, meta, link, br).</summary>
    public HtmlWriter Void(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes) => Open(tag, attributes);

    public HtmlWriter Link(string href, string text) => Element("a", text, ("href", href));

    public override string ToString() => _sb.ToString();
}
