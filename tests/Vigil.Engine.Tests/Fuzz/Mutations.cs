using System.Text;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// Byte-level and MIME-aware damage to a mail. Each method returns the new bytes and appends what
/// it did to <c>log</c>, so a failing case explains itself.
/// </summary>
internal static class Mutations
{
    /// <summary>Fragments that change how a MIME parser reads a line when dropped in at random.</summary>
    private static readonly byte[][] Tokens =
    [
        "\r"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "\r\n\r\n"u8.ToArray(), "--"u8.ToArray(),
        "="u8.ToArray(), "=\r\n"u8.ToArray(), ":"u8.ToArray(), ";"u8.ToArray(), "\""u8.ToArray(), "\0"u8.ToArray(),
        " "u8.ToArray(), "\t"u8.ToArray(), "\r\n "u8.ToArray(), "begin 644 x.exe\n"u8.ToArray(),
        "(This file must be converted with BinHex 4.0)\r\n:"u8.ToArray(), "=?utf-8?b?"u8.ToArray(), "?="u8.ToArray(),
        "\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n"u8.ToArray(),
        "\r\nContent-Transfer-Encoding: base64\r\n"u8.ToArray(), "PK\u0003\u0004"u8.ToArray(), "\u00ff\u00fe"u8.ToArray(),
        "filename*0*=utf-8''a%00b; filename*1=.exe"u8.ToArray(),
    ];

    /// <summary>2 to 5 of the mutations below, drawn at random (a splice takes another corpus seed).</summary>
    public static byte[] Combined(byte[] input, Random random, StringBuilder log)
    {
        var output = input;
        for (var i = 2 + random.Next(4); i > 0; i--)
        {
            output = random.Next(7) switch
            {
                0 => FlipBits(output, random, log),
                1 => InsertBytes(output, random, log),
                2 => DeleteRange(output, random, log),
                3 => DuplicateBoundaryLine(output, random, log),
                4 => DuplicateHeaderLine(output, random, log),
                5 => Splice(output, FuzzSeeds.Pick(random), random, log),
                _ => Truncate(output, random, log),
            };
        }

        return output;
    }

    public static byte[] FlipBits(byte[] input, Random random, StringBuilder log)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var output = (byte[])input.Clone();
        var flips = 1 + random.Next(16);
        log.Append($" flip{flips}[");
        for (var i = 0; i < flips; i++)
        {
            var at = random.Next(output.Length);
            var bit = random.Next(8);
            output[at] ^= (byte)(1 << bit);
            log.Append($"{at}.{bit} ");
        }

        log.Append(']');
        return output;
    }

    public static byte[] InsertBytes(byte[] input, Random random, StringBuilder log)
    {
        var at = random.Next(input.Length + 1);
        byte[] insert;
        if (random.Next(2) == 0)
        {
            insert = Tokens[random.Next(Tokens.Length)];
        }
        else
        {
            insert = new byte[1 + random.Next(64)];
            random.NextBytes(insert);
        }

        log.Append($" insert[{insert.Length}B at {at}]");
        return [.. input.AsSpan(0, at), .. insert, .. input.AsSpan(at)];
    }

    public static byte[] DeleteRange(byte[] input, Random random, StringBuilder log)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var at = random.Next(input.Length);
        var length = Math.Min(input.Length - at, 1 + random.Next(random.Next(2) == 0 ? 8 : 512));
        log.Append($" delete[{length}B at {at}]");
        return [.. input.AsSpan(0, at), .. input.AsSpan(at + length)];
    }

    public static byte[] Truncate(byte[] input, Random random, StringBuilder log)
    {
        var at = random.Next(input.Length + 1);
        log.Append($" truncate[{at} of {input.Length}]");
        return input[..at];
    }

    /// <summary>Repeats, moves or drops delimiter lines ("--..."), the structure a MIME parser trusts most.</summary>
    public static byte[] DuplicateBoundaryLine(byte[] input, Random random, StringBuilder log)
    {
        var lines = Lines.Split(input);
        var delimiters = Lines.IndexesWhere(lines, l => l.AsSpan().StartsWith("--"u8) && l.Length > 3);
        if (delimiters.Count == 0)
        {
            log.Append(" no-delimiter");
            return input;
        }

        var pick = delimiters[random.Next(delimiters.Count)];
        var line = lines[pick];
        switch (random.Next(4))
        {
            case 0:
                var times = 1 + random.Next(random.Next(2) == 0 ? 3 : 200);
                log.Append($" repeat-delimiter[line {pick} x{times}]");
                lines.InsertRange(pick, Enumerable.Repeat(line, times));
                break;
            case 1:
                var to = random.Next(lines.Count + 1);
                log.Append($" copy-delimiter[line {pick} to {to}]");
                lines.Insert(to, line);
                break;
            case 2:
                log.Append($" drop-delimiter[line {pick}]");
                lines.RemoveAt(pick);
                break;
            default:
                // Turn an opening delimiter into a closing one or back.
                var text = line.AsSpan().TrimEnd("\r\n"u8);
                var ending = line.AsSpan(text.Length);
                byte[] changed = text.EndsWith("--"u8) ? [.. text[..^2], .. ending] : [.. text, .. "--"u8, .. ending];
                log.Append($" toggle-close[line {pick}]");
                lines[pick] = changed;
                break;
        }

        return Lines.Join(lines);
    }

    /// <summary>Repeats a header line (Content-Type, Content-Disposition...) of the top or a part's header block.</summary>
    public static byte[] DuplicateHeaderLine(byte[] input, Random random, StringBuilder log)
    {
        var lines = Lines.Split(input);
        var headers = Lines.IndexesWhere(lines, IsHeaderLine);
        if (headers.Count == 0)
        {
            log.Append(" no-header");
            return input;
        }

        var pick = headers[random.Next(headers.Count)];
        var times = 1 + random.Next(random.Next(4) == 0 ? 500 : 3);
        var line = lines[pick];
        if (random.Next(3) == 0)
        {
            // A variant: the same field with its value cut short, as a stray repeat often is.
            var cut = Math.Max(1, random.Next(line.Length));
            line = [.. line.AsSpan(0, cut), .. "\r\n"u8];
        }

        log.Append($" repeat-header[line {pick} x{times}]");
        lines.InsertRange(pick + 1, Enumerable.Repeat(line, times));
        return Lines.Join(lines);
    }

    /// <summary>The head of one mail glued to the tail of another.</summary>
    public static byte[] Splice(byte[] input, FuzzSeed other, Random random, StringBuilder log)
    {
        var cutA = random.Next(input.Length + 1);
        var cutB = random.Next(other.Bytes.Length + 1);
        log.Append($" splice[{cutA} of this + {other.Name} from {cutB}]");
        return [.. input.AsSpan(0, cutA), .. other.Bytes.AsSpan(cutB)];
    }

    private static bool IsHeaderLine(byte[] line)
    {
        var colon = line.AsSpan().IndexOf((byte)':');
        if (colon <= 0 || colon > 40)
        {
            return false;
        }

        foreach (var b in line.AsSpan(0, colon))
        {
            if (b is <= 32 or >= 127)
            {
                return false;
            }
        }

        return true;
    }
}
