using System.Text;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>Finds the Subject in the first bytes of a raw message (unfolded, RFC 2047 decoded, sanitised) for logs and listings.</summary>
public static class MessageSubject
{
    public static string Find(ReadOnlySpan<byte> head)
    {
        var pos = 0;
        while (pos < head.Length)
        {
            var end = head[pos..].IndexOf((byte)'\n');
            var line = end < 0 ? head[pos..] : head.Slice(pos, end);
            var next = end < 0 ? head.Length : pos + end + 1;
            if (line.IsEmpty || (line.Length == 1 && line[0] == '\r'))
            {
                return ""; // end of the header section
            }

            if (line.Length >= 8 && Ascii.EqualsIgnoreCase(line[..8], "Subject:"u8))
            {
                var value = new StringBuilder(Encoding.UTF8.GetString(line[8..]));
                pos = next;
                while (pos < head.Length && head[pos] is (byte)' ' or (byte)'\t')
                {
                    end = head[pos..].IndexOf((byte)'\n');
                    var cont = end < 0 ? head[pos..] : head.Slice(pos, end);
                    value.Append(Encoding.UTF8.GetString(cont));
                    pos = end < 0 ? head.Length : pos + end + 1;
                }

                return HeaderValueSanitizer.Sanitize(EncodedWordDecoder.Decode(value.ToString().Replace("\r", "", StringComparison.Ordinal)));
            }

            pos = next;
        }

        return "";
    }
}
