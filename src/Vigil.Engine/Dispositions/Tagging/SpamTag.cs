using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Tagging;

/// <summary>
/// What a spam filter said about a message, read back from its spam finding's detail (see
/// <see cref="SpamScore.ToDetail"/>). The scanners make a spam finding only at or above the tag
/// band, so a finding means "flagged"; a finding whose rule ends in ":none" (a filter reporting a
/// score below the tag band) is read as not flagged and gives "X-Spam-Status: No".
/// </summary>
/// <param name="Score">The filter's judgement.</param>
/// <param name="Flagged">At or above the tag band: X-Spam-Flag: YES and X-Spam-Status: Yes.</param>
public sealed record SpamTag(SpamScore Score, bool Flagged)
{
    /// <summary>The highest-scoring spam finding of the verdict that carries a score; null when no spam filter judged it.</summary>
    public static SpamTag? From(Verdict verdict)
    {
        SpamTag? best = null;
        foreach (var f in verdict.Findings)
        {
            if (f.Category != FindingCategory.Spam || !SpamScore.TryParseDetail(f.Detail, out var score) || score is null)
            {
                continue;
            }

            if (best is null || score.Score > best.Score.Score)
            {
                best = new SpamTag(score, !f.Rule.EndsWith(":none", StringComparison.Ordinal));
            }
        }

        return best;
    }
}
