using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Store.Quarantine;

/// <summary>
/// A quarantined message as the shared quarantine (PostgreSQL) keeps it: its envelope and
/// findings (<see cref="Record"/>, whose Path is the file on <see cref="Node"/>, empty for
/// another node's), the node that quarantined it, its state (waiting, released, deleted), and
/// whether its bytes are in the database (false: too big for store-quarantine-max, released
/// only on its node).
/// </summary>
public sealed record SharedEntry(QuarantineRecord Record, string Node, string State, bool HasMessage)
{
    public const string Waiting = "waiting";
    public const string Released = "released";
    public const string Deleted = "deleted";
}
