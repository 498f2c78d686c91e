using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Actions;

/// <summary>
/// Turns a verdict into a plan. The verdict's worst finding decides (Qmail-Scanner's order: a
/// virus outranks a policy block, which outranks a format problem...). Its own rule action (`=>
/// reject` on a rule line, a spam score band) overrides the category's action from `options`;
/// monitor findings never block (the verdict already ignores them). An `error` verdict always
/// defers, and so does any plan to deliver a message that also carries an `error` finding (say
/// spam tagged for delivery while clamd was down): a message that could not be checked is
/// retried, never delivered unchecked.
/// </summary>
public static class ActionPlanner
{
    public static PlannedAction Plan(Verdict verdict, PolicyOptions options)
    {
        if (verdict.Worst is not { } decider)
        {
            return PlannedAction.Deliver;
        }

        if (decider.Category == FindingCategory.Error)
        {
            return new PlannedAction(VerdictAction.Defer, null, decider);
        }

        var action = decider.Action switch
        {
            RuleAction.Quarantine => VerdictAction.Quarantine,
            RuleAction.Reject => VerdictAction.Reject,
            RuleAction.Defer => VerdictAction.Defer,
            RuleAction.Drop => VerdictAction.Drop,
            _ => ActionOptions.For(decider.Category, options),
        };

        // A block outranks an `error` finding (it needs no retry), but a finding whose action is
        // to deliver does not: delivering would pass a message some scanner could not check.
        if (action == VerdictAction.Deliver && UncheckedPart(verdict) is { } error)
        {
            return new PlannedAction(VerdictAction.Defer, null, error);
        }

        return new PlannedAction(action, QuarantineFolder.For(decider.Category), decider);
    }

    private static Finding? UncheckedPart(Verdict verdict)
    {
        foreach (var f in verdict.Findings)
        {
            if (f.Category == FindingCategory.Error && f.Action != RuleAction.Monitor)
            {
                return f;
            }
        }

        return null;
    }
}
