namespace Vigil.Input;

/// <summary>
/// Finds the messages of an mbox file: each starts after a "From " separator line at the start
/// of a line (a ">From " in a body is left as it is, which is what a scanner should see). Only
/// offsets are kept, so a huge mbox costs one pass and no memory per message; a Content-Length
/// header is not trusted.
/// </summary>
public static class MboxSplitter
{
    /// <summary>An mbox starts with "From ".</summary>
    public static bool LooksLikeMbox(string path)
    {
        Span<byte> head = stackalloc byte[5];
        using var f = File.OpenRead(path);
        return f.ReadAtLeast(head, 5, throwOnEndOfStream: false) == 5 && head.SequenceEqual("From "u8);
    }

    /// <summary>The byte range of each message (separator lines excluded), in file order.</summary>
    public static List<(long Start, long Length)> Split(string path)
    {
        var separators = new List<(long LineStart, long NextLine)>();
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            var buffer = new byte[64 * 1024];
            long offset = 0;
            var atLineStart = true;
            long pendingSeparator = -1;
            int read;
            var carry = 0;
            while ((read = f.Read(buffer, carry, buffer.Length - carry)) > 0 || carry > 0)
            {
                var span = buffer.AsSpan(0, carry + read);
                var eof = read == 0;
                var i = 0;
                while (i < span.Length)
                {
                    if (pendingSeparator >= 0)
                    {
                        var nl = span[i..].IndexOf((byte)'\n');
                        if (nl < 0)
                        {
                            i = span.Length;
                            break;
                        }

                        i += nl + 1;
                        separators.Add((pendingSeparator, offset + i));
                        pendingSeparator = -1;
                        atLineStart = true;
                        continue;
                    }

                    if (atLineStart)
                    {
                        // Need five bytes to tell a separator; keep a short tail for the next read.
                        if (span.Length - i < 5 && !eof)
                        {
                            break;
                        }

                        if (span[i..].StartsWith("From "u8))
                        {
                            pendingSeparator = offset + i;
                            continue;
                        }
                    }

                    var next = span[i..].IndexOf((byte)'\n');
                    if (next < 0)
                    {
                        atLineStart = false;
                        i = span.Length;
                        break;
                    }

                    i += next + 1;
                    atLineStart = true;
                }

                carry = span.Length - i;
                span[i..].CopyTo(buffer);
                offset += i;
                if (eof)
                {
                    break;
                }
            }

            if (pendingSeparator >= 0)
            {
                separators.Add((pendingSeparator, f.Length));
            }

            var ranges = new List<(long, long)>(separators.Count);
            for (var s = 0; s < separators.Count; s++)
            {
                var start = separators[s].NextLine;
                var end = s + 1 < separators.Count ? separators[s + 1].LineStart : f.Length;
                ranges.Add((start, Math.Max(0, end - start)));
            }

            return ranges;
        }
    }
}
