using System.Globalization;
using Vigil.Engine.Scanners.Spamd;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// The spam filter's word on a message as Qmail-Scanner logs it: "SA:1(7.5/5.0)" when the filter
/// calls it spam, "SA:0(3.0/5.0)" otherwise, the score and the filter's threshold in brackets.
/// </summary>
public sealed record SpamLogStatus(bool IsSpam, double Score, double Threshold)
{
    /// <summary>From the first spam finding whose detail carries a score; null when there is none.</summary>
    public static SpamLogStatus? From(Verdict verdict)
    {
        foreach (var f in verdict.Findings)
        {
            if (f.Category == FindingCategory.Spam && SpamScore.TryParseDetail(f.Detail, out var score) && score is not null)
            {
                return new SpamLogStatus(score.IsSpam, score.Score, score.Threshold);
            }
        }

        return null;
    }

    public override string ToString() =>
        "SA:" + (IsSpam ? "1" : "0") + "(" + Number(Score) + "/" + Number(Threshold) + ")";

    private static string Number(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);
}
