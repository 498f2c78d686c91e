using Vigil.Engine.Policy.Control;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Policy.Evaluation;

/// <summary>
/// Collects the findings of one evaluation: one per rule and part (a name matched through both its
/// raw and normalised form is one finding), and a rule that timed out once is reported as an
/// `error` finding and not run again on this message, so a slow pattern costs at most one timeout.
/// </summary>
internal sealed class FindingSink
{
    private readonly List<Finding> _findings = [];
    private readonly HashSet<(string Rule, string Path)> _seen = [];
    private readonly HashSet<RulePattern> _timedOut = [];

    public List<Finding> Findings => _findings;

    public bool Has(string rule, string path) => _seen.Contains((rule, path));

    public void Add(FindingCategory category, string rule, string detail, string path, RuleAction? action = null)
    {
        if (_seen.Add((rule, path)))
        {
            _findings.Add(new Finding(category, rule, detail, path, action));
        }
    }

    /// <summary>Runs a rule's regex; a timeout becomes an error finding and disables the rule.</summary>
    public bool IsMatch(RulePattern regex, string rule, string input, string path, string what)
    {
        if (_timedOut.Contains(regex))
        {
            return false;
        }

        var matched = regex.TryMatch(input, out var timedOut);
        if (timedOut)
        {
            _timedOut.Add(regex);
            Add(
                FindingCategory.Error,
                rule,
                $"pattern timed out after {regex.MatchTimeout.TotalMilliseconds:0} ms on {what}; not run again on this message",
                path);
        }

        return matched;
    }
}
