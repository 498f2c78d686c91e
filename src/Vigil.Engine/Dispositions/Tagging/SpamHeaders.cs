using Vigil.Engine.Scanners.Spamd;

namespace Vigil.Engine.Dispositions.Tagging;

/// <summary>
/// SpamAssassin's header names and formats, so the filters users already have keep working:
/// <code>
///   X-Spam-Flag: YES                          (only when flagged)
///   X-Spam-Score: 1000.0
///   X-Spam-Level: **************************************************
///   X-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE,MISSING_DATE
/// </code>
/// X-Spam-Level has one star per whole point (none below 1), at most <see cref="MaxStars"/>.
/// Test names keep only the characters rule names use (letters, digits, '_', '.', '-').
/// </summary>
public static class SpamHeaders
{
    public const string Flag = "X-Spam-Flag";
    public const string Score = "X-Spam-Score";
    public const string Level = "X-Spam-Level";
    public const string Status = "X-Spam-Status";

    /// <summary>Cap on X-Spam-Level's stars (SpamAssassin's GTUBE would give 1000).</summary>
    public const int MaxStars = 50;

    /// <summary>At most this many test names are listed.</summary>
    private const int MaxTests = 200;

    internal static void AddTo(HeaderLines lines, SpamTag tag)
    {
        var score = tag.Score;
        if (tag.Flagged)
        {
            lines.Add(Flag, "YES");
        }

        lines.Add(Score, SpamScore.Number(score.Score));
        lines.Add(Level, Stars(score.Score));
        lines.AddFolded(Status, StatusWords(tag));
    }

    /// <summary>One '*' per whole point of <paramref name="score"/>, none below 1, at most <see cref="MaxStars"/>.</summary>
    public static string Stars(double score) =>
        score < 1 ? "" : new string('*', (int)Math.Min(MaxStars, Math.Floor(score)));

    private static IEnumerable<(string, bool)> StatusWords(SpamTag tag)
    {
        yield return (tag.Flagged ? "Yes," : "No,", false);
        yield return ("score=" + SpamScore.Number(tag.Score.Score), false);
        yield return ("required=" + SpamScore.Number(tag.Score.Threshold), false);
        var tests = new List<string>(Math.Min(tag.Score.Symbols.Count, MaxTests));
        foreach (var s in tag.Score.Symbols)
        {
            if (tests.Count == MaxTests)
            {
                break;
            }

            var name = RuleName(s);
            if (name.Length > 0)
            {
                tests.Add(name);
            }
        }

        // SpamAssassin writes the list as one comma-separated word and folds after commas.
        if (tests.Count == 0)
        {
            yield return ("tests=none", false);
            yield break;
        }

        for (var i = 0; i < tests.Count; i++)
        {
            var last = i == tests.Count - 1;
            yield return ((i == 0 ? "tests=" : "") + tests[i] + (last ? "" : ","), i > 0);
        }
    }

    private static string RuleName(string symbol)
    {
        var length = Math.Min(symbol.Length, 64);
        Span<char> buffer = stackalloc char[length];
        var n = 0;
        for (var i = 0; i < length; i++)
        {
            var c = symbol[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }
}
