using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Archive;
using Vigil.Engine.Dispositions.Forwarding;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Engine.Dispositions.Execution;

/// <summary>The outcome of one message, with the plan it came from and what was stored.</summary>
/// <param name="Outcome">What the door answers.</param>
/// <param name="Plan">The planned action (the outcome differs from it only when a side effect failed).</param>
/// <param name="Quarantine">The stored message, when it was quarantined or dropped into a folder.</param>
/// <param name="Detail">Why a side effect failed (the outcome is then Defer, except for an archive copy that `archivefailure=deliver` lets pass); empty otherwise.</param>
public sealed record DispositionResult(DispositionOutcome Outcome, PlannedAction Plan, QuarantineRecord? Quarantine, string Detail)
{
    /// <summary>
    /// Header lines (ASCII, the message's own line ends) a door writes in front of a delivered
    /// message: X-Vigil-Status, X-Spam-*. Empty when nothing is added, so clean mail stays byte for byte.
    /// </summary>
    public byte[] AddedHeaders { get; init; } = [];

    /// <summary>The copy in the archive Maildir, when one was written.</summary>
    public ArchiveRecord? Archive { get; init; }

    /// <summary>The notifications sent, failed and left out (with the reason); empty when nobody was due to be told.</summary>
    public NotificationReport Notifications { get; init; } = NotificationReport.Empty;

    /// <summary>The copy for `vmforward`/`bmforward`; <see cref="ForwardResult.None"/> when none was due.</summary>
    public ForwardResult Forward { get; init; } = ForwardResult.None;
}
