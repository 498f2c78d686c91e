using System.Text;

namespace Vigil.Server.Milter;

/// <summary>
/// The NUL-terminated strings milter packets carry. Parsing is lenient about a missing last NUL
/// (the string runs to the end of the packet) and never reads past the packet.
/// </summary>
internal static class MilterFields
{
    /// <summary>Up to <paramref name="max"/> strings of <paramref name="data"/>; the rest, if any, is ignored.</summary>
    public static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> data, int max)
    {
        var fields = new List<ReadOnlyMemory<byte>>();
        while (data.Length > 0 && fields.Count < max)
        {
            var end = data.Span.IndexOf((byte)0);
            if (end < 0)
            {
                fields.Add(data);
                break;
            }

            fields.Add(data[..end]);
            data = data[(end + 1)..];
        }

        return fields;
    }

    /// <summary>Text as the MTA sent it (UTF-8 under SMTPUTF8, ASCII otherwise; bad bytes replaced).</summary>
    public static string Text(ReadOnlyMemory<byte> field) => Encoding.UTF8.GetString(field.Span);

    /// <summary>An SMTP path without its angle brackets: "&lt;a@b&gt;" is "a@b", "&lt;&gt;" the null sender "".</summary>
    public static string Address(ReadOnlyMemory<byte> field)
    {
        var text = Text(field).Trim();
        return text.Length >= 2 && text[0] == '<' && text[^1] == '>' ? text[1..^1] : text;
    }
}
