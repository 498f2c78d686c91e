using System.Globalization;

namespace Vigil.Engine.Scanners.Spamd;

/// <summary>
/// A spam filter's judgement of one message, as spamd and rspamd both give it. The scanners write
/// it into their findings' detail (<see cref="ToDetail"/>) so the doors can read it back
/// (<see cref="TryParseDetail"/>) and add X-Spam-Status / X-Spam-Score headers.
/// </summary>
/// <param name="Score">The message's score.</param>
/// <param name="Threshold">The filter's own spam threshold (spamd's required_score).</param>
/// <param name="Symbols">The rules that matched, e.g. GTUBE, MISSING_DATE.</param>
/// <param name="IsSpam">The filter's own word (score at or above its threshold).</param>
public sealed record SpamScore(double Score, double Threshold, IReadOnlyList<string> Symbols, bool IsSpam)
{
    private const string ScoreKey = "score=";
    private const string RequiredKey = " required=";
    private const string SymbolsKey = " symbols=";

    /// <summary>"score=1003.3 required=5.0 symbols=GTUBE,MISSING_DATE": readable and parseable.</summary>
    public string ToDetail() =>
        ScoreKey + Number(Score) + RequiredKey + Number(Threshold) + SymbolsKey + string.Join(',', Symbols);

    /// <summary>The value of an X-Spam-Status header in SpamAssassin's style.</summary>
    public string ToStatusHeader() =>
        (IsSpam ? "Yes, " : "No, ") + ScoreKey + Number(Score) + RequiredKey + Number(Threshold) + " tests=" + string.Join(',', Symbols);

    /// <summary>Reads back a detail written by <see cref="ToDetail"/> (with anything after the symbols ignored).</summary>
    public static bool TryParseDetail(string detail, out SpamScore? score)
    {
        score = null;
        var s = detail.IndexOf(ScoreKey, StringComparison.Ordinal);
        var r = detail.IndexOf(RequiredKey, StringComparison.Ordinal);
        var y = detail.IndexOf(SymbolsKey, StringComparison.Ordinal);
        if (s < 0 || r < s || y < r)
        {
            return false;
        }

        var scoreText = detail.AsSpan(s + ScoreKey.Length, r - s - ScoreKey.Length);
        var requiredText = detail.AsSpan(r + RequiredKey.Length, y - r - RequiredKey.Length);
        if (!TryNumber(scoreText, out var value) || !TryNumber(requiredText, out var threshold))
        {
            return false;
        }

        var rest = detail[(y + SymbolsKey.Length)..];
        var end = rest.IndexOf(' ', StringComparison.Ordinal);
        var list = end < 0 ? rest : rest[..end];
        score = new SpamScore(value, threshold, list.Length == 0 ? [] : list.Split(','), value >= threshold);
        return true;
    }

    /// <summary>One decimal, invariant, as spamd prints scores ("1003.3", "-0.1").</summary>
    public static string Number(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    internal static bool TryNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);
}
