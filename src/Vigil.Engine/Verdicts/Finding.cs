using Vigil.Engine.Policy;

namespace Vigil.Engine.Verdicts;

/// <summary>One reason a message is not clean.</summary>
/// <param name="Category">virus, policy, format, limits, spam or error.</param>
/// <param name="Rule">The rule or signature that matched (e.g. "badfilenames:\.zip$", "Eicar-Test-Signature").</param>
/// <param name="Detail">What it matched on, for the log and the admin (e.g. the file name).</param>
/// <param name="PartPath">Where in the message ("" for the message as a whole).</param>
/// <param name="Action">The action the rule asks for, or null for the category's default.</param>
public sealed record Finding(FindingCategory Category, string Rule, string Detail, string PartPath, RuleAction? Action = null)
{
    /// <summary>
    /// An error finding for a scanner that did not answer in time: the orchestrator's own limit or
    /// the client's (clamd, spamd, rspamd), set where the timeout was caught, so scanner health
    /// counts it as a timeout without reading the text.
    /// </summary>
    public bool TimedOut { get; init; }
}
