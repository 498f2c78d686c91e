using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// A finding as the logs write it: "category:rule", the category written once. Format and limits
/// rules already carry their category ("format:comment-in-header", "limits:depth"), so they are
/// written as they are, never "format:format:comment-in-header".
/// </summary>
public static class FindingLabel
{
    public static string Of(Finding finding) => Of(finding.Category.Word(), finding.Rule);

    public static string Of(string category, string rule) =>
        rule.StartsWith(category + ":", StringComparison.Ordinal) ? rule : category + ":" + rule;
}
