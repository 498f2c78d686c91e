namespace Vigil.Mime.Parsing;

/// <summary>
/// Trims bytes of a set from a span's ends. MemoryExtensions' generic Trim over bytes is not in
/// the runtime's precompiled code, so it is compiled at run time (several methods, a few ms of a
/// one-message door); these few loops are compiled ahead with the rest of Vigil.
/// </summary>
public static class ByteTrim
{
    public static ReadOnlySpan<byte> Start(ReadOnlySpan<byte> span, ReadOnlySpan<byte> set)
    {
        var i = 0;
        while (i < span.Length && IsIn(span[i], set))
        {
            i++;
        }

        return span[i..];
    }

    public static ReadOnlySpan<byte> End(ReadOnlySpan<byte> span, ReadOnlySpan<byte> set)
    {
        var end = span.Length;
        while (end > 0 && IsIn(span[end - 1], set))
        {
            end--;
        }

        return span[..end];
    }

    public static ReadOnlySpan<byte> Both(ReadOnlySpan<byte> span, ReadOnlySpan<byte> set) => End(Start(span, set), set);

    private static bool IsIn(byte value, ReadOnlySpan<byte> set)
    {
        foreach (var b in set)
        {
            if (b == value)
            {
                return true;
            }
        }

        return false;
    }
}
