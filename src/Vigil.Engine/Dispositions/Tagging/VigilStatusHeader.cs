using System.Globalization;
using Vigil.Engine.Judging;

namespace Vigil.Engine.Dispositions.Tagging;

/// <summary>
/// X-Vigil-Status, when `statusheader=yes`: what was checked and the result, e.g.
/// <c>X-Vigil-Status: clean; parts=3; bytes=20480</c> or <c>spam; parts=1; bytes=912</c>.
/// Deliberately terse: it names no scanner, rule or version (QMVC's third argument: a header that
/// lists your tools helps an attacker build mail that slips past them), and it says nothing of DLP
/// monitor hits, which the recipient must not learn of.
/// </summary>
public static class VigilStatusHeader
{
    public const string Name = "X-Vigil-Status";

    /// <summary>The value for a delivered message; "spam" when a spam filter flagged it (the verdict itself stays clean for tagged spam).</summary>
    public static string Value(Judgement result, SpamTag? spam)
    {
        var word = spam is { Flagged: true } && result.Verdict.IsClean ? "spam" : result.Verdict.Word;
        if (result.Analysis is not { } analysis)
        {
            return word;
        }

        var parts = 0;
        foreach (var _ in analysis.Entities)
        {
            if (++parts == 100_000)
            {
                break;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{word}; parts={parts}; bytes={analysis.MessageSize}");
    }
}
