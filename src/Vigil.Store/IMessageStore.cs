using Vigil.Store.Model;

namespace Vigil.Store;

/// <summary>
/// What every store backend (SQLite, PostgreSQL) does: take rows, find a message's rows, follow a
/// quarantined message's state, prune. The doors' writer, `vigil track`, `vigil store migrate`,
/// `vigil cleanup` and the quarantine verbs work through this; reports and imports read SQLite.
/// </summary>
public interface IMessageStore : IDisposable
{
    /// <summary>The store as the admin named it (a path, or a PostgreSQL URL without its password).</summary>
    string Name { get; }

    int SchemaVersion { get; }

    /// <summary>Writes <paramref name="rows"/> in one transaction; a row already there (same message key and recipient) is left as it is. The number added.</summary>
    int Insert(IReadOnlyList<StoreRow> rows);

    /// <summary>Every row for an address (sender or recipient, any case) or a Message-ID, oldest first.</summary>
    IReadOnlyList<StoreRow> Track(string query, int limit = 10_000);

    int SetQuarantineState(string quarantineId, string state);

    /// <summary>Removes the rows older than <paramref name="before"/>; the number removed.</summary>
    int Prune(DateTimeOffset before);
}
