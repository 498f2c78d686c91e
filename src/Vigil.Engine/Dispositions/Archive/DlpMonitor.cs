using Vigil.Engine.Policy;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Archive;

/// <summary>
/// DLP monitor hits, Qmail-Scanner's "dlp-monitor": a virus, policy or format finding whose rule
/// says `=> monitor` (e.g. a local clamav signature for confidential documents, a `badbodytexts`
/// line). The verdict already ignores them, so they never block; the archive keeps a copy and the
/// log line marks them "(monitor)". Monitor findings the scanners make on their own (a spam tag,
/// an optional scanner that was down, a message over a scanner's maxsize) are not DLP hits.
/// </summary>
public static class DlpMonitor
{
    public static bool IsHit(Finding finding) =>
        finding.Action == RuleAction.Monitor
        && finding.Category is FindingCategory.Virus or FindingCategory.Policy or FindingCategory.Format;

    /// <summary>The DLP monitor hits of a verdict, in order; empty when none.</summary>
    public static IReadOnlyList<Finding> Hits(Verdict verdict)
    {
        List<Finding>? hits = null;
        foreach (var f in verdict.Findings)
        {
            if (IsHit(f))
            {
                (hits ??= []).Add(f);
            }
        }

        return hits ?? (IReadOnlyList<Finding>)[];
    }
}
