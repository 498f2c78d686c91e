using Vigil.Store.Model;

namespace Vigil.Store;

/// <summary>
/// What every store backend (SQLite, PostgreSQL) does: take rows, find a message's rows, follow a
/// quarantined message's state, prune. The doors' writer, `vigil track`, `vigil store migrate`,
/// `vigil cleanup`, the quarantine verbs, `vigil report`, `vigil blocklist` and `vigil store
/// import` work through this, whichever backend it is.
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

    /// <summary>One transaction for everything an import adds (a whole file).</summary>
    IStoreTransaction Begin();

    /// <summary>The read queries of reports and hit lists over this store.</summary>
    Reading.StoreReader Reader();

    int SetQuarantineState(string quarantineId, string state);

    /// <summary>Removes the rows older than <paramref name="before"/>; the number removed.</summary>
    int Prune(DateTimeOffset before);
}
