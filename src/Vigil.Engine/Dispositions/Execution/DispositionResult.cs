using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Forwarding;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Engine.Dispositions.Execution;

/// <summary>The outcome of one message, with the plan it came from and what was stored.</summary>
/// <param name="Outcome">What the door answers.</param>
/// <param name="Plan">The planned action (the outcome differs from it only when a side effect failed).</param>
/// <param name="Quarantine">The stored message, when it was quarantined or dropped into a folder.</param>
/// <param name="Detail">Why a side effect failed (the outcome is then Defer); empty otherwise.</param>
public sealed record DispositionResult(DispositionOutcome Outcome, PlannedAction Plan, QuarantineRecord? Quarantine, string Detail)
{
    /// <summary>The notifications sent, failed and left out (with the reason); empty when nobody was due to be told.</summary>
    public NotificationReport Notifications { get; init; } = NotificationReport.Empty;

    /// <summary>The copy for `vmforward`/`bmforward`; <see cref="ForwardResult.None"/> when none was due.</summary>
    public ForwardResult Forward { get; init; } = ForwardResult.None;
}
