using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Store.Quarantine;

/// <summary>
/// A quarantined message as the shared quarantine (PostgreSQL) keeps it: its envelope and
/// findings (<see cref="Record"/>, whose Path is the file on <see cref="Node"/>, empty for
/// another node's), the node that quarantined it, its state (waiting, requested, releasing,
/// released, deleted), and whether its bytes are in the database (false: too big for
/// store-quarantine-max: another node's release is a request its node carries out). Releasing: a node took it for delivery
/// (committed before sending) and has not said how that ended; it is never sent again
/// automatically.
/// </summary>
public sealed record SharedEntry(QuarantineRecord Record, string Node, string State, bool HasMessage)
{
    public const string Waiting = "waiting";

    /// <summary>Another node asked for the release of a message only its node holds; that node's sync sends it.</summary>
    public const string Requested = "requested";
    public const string Releasing = "releasing";
    public const string Released = "released";
    public const string Deleted = "deleted";

    /// <summary>The node that last set the state (null: none yet).</summary>
    public string? StateNode { get; init; }

    /// <summary>When the state was last set (null: never).</summary>
    public DateTimeOffset? StateTime { get; init; }
}
