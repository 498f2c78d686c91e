namespace Vigil.Server.Milter;

/// <summary>
/// One header field as milter replies carry it: the name, and the value without the white space
/// after the colon and with folded lines joined by LF alone (the MTA writes its own line ends).
/// </summary>
internal sealed record MilterHeaderField(string Name, byte[] Value)
{
    /// <summary>
    /// The fields of <paramref name="block"/> (header lines as the engine adds them: "Name: value",
    /// CRLF or LF line ends, continuation lines starting with white space). A line without a colon
    /// is no field and is left out.
    /// </summary>
    public static List<MilterHeaderField> Parse(ReadOnlySpan<byte> block)
    {
        var fields = new List<MilterHeaderField>();
        string? name = null;
        var value = new List<byte>();
        while (block.Length > 0)
        {
            var end = block.IndexOf((byte)'\n');
            var line = end < 0 ? block : block[..end];
            block = end < 0 ? [] : block[(end + 1)..];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                if (name is not null)
                {
                    value.Add((byte)'\n');
                    value.AddRange(line);
                }

                continue;
            }

            Flush();
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            name = System.Text.Encoding.ASCII.GetString(line[..colon]).Trim();
            var rest = line[(colon + 1)..];
            while (rest.Length > 0 && (rest[0] == ' ' || rest[0] == '\t'))
            {
                rest = rest[1..];
            }

            value.AddRange(rest);
        }

        Flush();
        return fields;

        void Flush()
        {
            if (name is not null)
            {
                fields.Add(new MilterHeaderField(name, [.. value]));
            }

            name = null;
            value.Clear();
        }
    }
}
