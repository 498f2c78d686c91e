using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Actions;

/// <summary>
/// The plan for one message: what to do, where it would be quarantined, and which finding decided.
/// </summary>
/// <param name="Action">What the door does.</param>
/// <param name="Folder">
/// The quarantine folder of the deciding finding's category (viruses, policy or spam), set for
/// every blocked category whatever the action, so a door that archives dropped or rejected mail
/// knows where it belongs; null for clean mail and for `error` verdicts.
/// </param>
/// <param name="Decider">The finding that decided (the verdict's worst); null when clean.</param>
public sealed record PlannedAction(VerdictAction Action, string? Folder, Finding? Decider)
{
    /// <summary>The plan for clean mail.</summary>
    public static PlannedAction Deliver { get; } = new(VerdictAction.Deliver, null, null);

    /// <summary>True when the message must be written to the quarantine before the door answers.</summary>
    public bool Quarantines => Action == VerdictAction.Quarantine && Folder is not null;
}
