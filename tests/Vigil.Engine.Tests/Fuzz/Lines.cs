namespace Vigil.Engine.Tests.Fuzz;

/// <summary>Splits bytes into lines that keep their own line ends, so joining them gives the input back.</summary>
internal static class Lines
{
    public static List<byte[]> Split(byte[] input)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == (byte)'\n')
            {
                lines.Add(input[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < input.Length)
        {
            lines.Add(input[start..]);
        }

        return lines;
    }

    public static byte[] Join(List<byte[]> lines)
    {
        var output = new byte[lines.Sum(l => l.Length)];
        var at = 0;
        foreach (var line in lines)
        {
            line.CopyTo(output, at);
            at += line.Length;
        }

        return output;
    }

    public static List<int> IndexesWhere(List<byte[]> lines, Func<byte[], bool> predicate)
    {
        var found = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (predicate(lines[i]))
            {
                found.Add(i);
            }
        }

        return found;
    }
}
