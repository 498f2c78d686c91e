using System.Globalization;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>Turns clamd's answers into findings. Nothing clamd could not scan is called clean.</summary>
internal static class ClamdFindings
{
    public const string SizeLimitRule = "clamd:size-limit";
    public const string UnreachableRule = "clamd:unreachable";
    public const string ErrorRule = "clamd:error";

    /// <summary>Adds the finding for <paramref name="result"/>, if any; false when clamd failed.</summary>
    public static bool Add(List<Finding> findings, ClamdResult result, string partPath, string what, long size)
    {
        switch (result.Outcome)
        {
            case ClamdOutcome.Clean:
                return true;
            case ClamdOutcome.Infected:
                findings.Add(new Finding(CategoryOf(result.Detail), result.Detail, what, partPath));
                return true;
            case ClamdOutcome.SizeLimit:
                findings.Add(new Finding(
                    FindingCategory.Limits,
                    SizeLimitRule,
                    $"{what}: {size.ToString(CultureInfo.InvariantCulture)} bytes, over clamd's StreamMaxLength; not scanned",
                    partPath));
                return true;
            default:
                // An outage concerns the whole message, not the part that happened to be first.
                findings.Add((result.Unreachable
                    ? new Finding(FindingCategory.Error, UnreachableRule, "clamd " + result.Detail, "")
                    : new Finding(FindingCategory.Error, ErrorRule, $"clamd {result.Detail} (scanning {what})", partPath)) with { TimedOut = result.TimedOut });
                return false;
        }
    }

    /// <summary>
    /// ClamAV's heuristic names are not viruses: an encrypted archive is a policy matter and an
    /// exceeded scan limit a limits one, so admins can treat them apart.
    /// </summary>
    public static FindingCategory CategoryOf(string signature) =>
        signature.StartsWith("Heuristics.Encrypted", StringComparison.Ordinal) ? FindingCategory.Policy
        : signature.StartsWith("Heuristics.Limits.Exceeded", StringComparison.Ordinal) ? FindingCategory.Limits
        : FindingCategory.Virus;
}
