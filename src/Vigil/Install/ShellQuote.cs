namespace Vigil.Install;

/// <summary>Quotes words for /bin/sh: the generated scripts and lines must survive any path an admin chooses.</summary>
public static class ShellQuote
{
    /// <summary>The word as is when it holds only characters the shell never interprets, else in single quotes.</summary>
    public static string Word(string word)
    {
        if (word.Length > 0 && IsPlain(word))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The words joined by spaces, each quoted as needed.</summary>
    public static string Words(IEnumerable<string> words) => string.Join(' ', words.Select(Word));

    private static bool IsPlain(string word)
    {
        foreach (var c in word)
        {
            var plain = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '/' or '.' or '-' or '_' or ':' or '+' or ',' or '@' or '%';
            if (!plain)
            {
                return false;
            }
        }

        return true;
    }
}
