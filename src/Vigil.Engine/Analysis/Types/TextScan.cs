namespace Vigil.Engine.Analysis.Types;

/// <summary>Small keyword searches over decoded, lower-cased text (see <see cref="TextProfile"/>).</summary>
internal static class TextScan
{
    /// <summary>Index of the first character that is not white space (or the length).</summary>
    public static int SkipWhiteSpace(ReadOnlySpan<char> text, int from = 0)
    {
        var i = from;
        while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n' or '\f' or '\v' or '\u00A0' or '\uFEFF')
        {
            i++;
        }

        return i;
    }

    /// <summary>The text from its first non-blank character.</summary>
    public static ReadOnlySpan<char> TrimStart(ReadOnlySpan<char> text) => text[SkipWhiteSpace(text)..];

    public static bool Contains(ReadOnlySpan<char> text, string value) => text.IndexOf(value, StringComparison.Ordinal) >= 0;

    public static bool ContainsAny(ReadOnlySpan<char> text, ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            if (Contains(text, value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many of <paramref name="values"/> occur at least once.</summary>
    public static int CountPresent(ReadOnlySpan<char> text, ReadOnlySpan<string> values)
    {
        var count = 0;
        foreach (var value in values)
        {
            if (Contains(text, value))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when a tag such as "&lt;job" occurs as a whole tag name (not "&lt;jobs").</summary>
    public static bool ContainsTag(ReadOnlySpan<char> text, string tagOpening)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text[from..].IndexOf(tagOpening, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var end = from + at + tagOpening.Length;
            if (end >= text.Length || text[end] is ' ' or '\t' or '\r' or '\n' or '>' or '/')
            {
                return true;
            }

            from = end;
        }

        return false;
    }

    /// <summary>True when <paramref name="value"/> starts a line (after optional blanks).</summary>
    public static bool ContainsAtLineStart(ReadOnlySpan<char> text, string value)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text[from..].IndexOf(value, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var index = from + at;
            var i = index - 1;
            while (i >= 0 && text[i] is ' ' or '\t')
            {
                i--;
            }

            if (i < 0 || text[i] is '\n' or '\r')
            {
                return true;
            }

            from = index + value.Length;
        }

        return false;
    }

    /// <summary>The first line of the text, without its line end.</summary>
    public static ReadOnlySpan<char> FirstLine(ReadOnlySpan<char> text)
    {
        var end = text.IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }
}
