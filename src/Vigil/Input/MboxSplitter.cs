namespace Vigil.Input;

/// <summary>
/// Splits an mbox file at its "From " separator lines (mboxrd/mboxo: a ">From " in a body is
/// left as it is, which is what a scanner should see). Each message is read into memory on its
/// own; a Content-Length header is not trusted.
/// </summary>
public static class MboxSplitter
{
    /// <summary>An mbox starts with "From " and its first line also holds a sender and a date.</summary>
    public static bool LooksLikeMbox(string path)
    {
        Span<byte> head = stackalloc byte[5];
        using var f = File.OpenRead(path);
        return f.ReadAtLeast(head, 5, throwOnEndOfStream: false) == 5 && head.SequenceEqual("From "u8);
    }

    public static IEnumerable<byte[]> Split(string path)
    {
        using var f = File.OpenRead(path);
        var current = new MemoryStream();
        var line = new MemoryStream();
        var first = true;
        int b;
        while ((b = f.ReadByte()) >= 0)
        {
            line.WriteByte((byte)b);
            if (b != '\n')
            {
                continue;
            }

            var span = line.GetBuffer().AsSpan(0, (int)line.Length);
            if (span.StartsWith("From "u8))
            {
                if (!first)
                {
                    yield return current.ToArray();
                    current.SetLength(0);
                }

                first = false;
            }
            else
            {
                current.Write(span);
            }

            line.SetLength(0);
        }

        if (line.Length > 0 && !line.GetBuffer().AsSpan(0, (int)line.Length).StartsWith("From "u8))
        {
            current.Write(line.GetBuffer().AsSpan(0, (int)line.Length));
        }

        if (!first || current.Length > 0)
        {
            yield return current.ToArray();
        }
    }
}
