using Vigil.Store.Model;

namespace Vigil.Store;

/// <summary>Writes in one transaction of the store (SQLite or PostgreSQL): rolled back on dispose unless committed.</summary>
public interface IStoreTransaction : IDisposable
{
    /// <summary>Adds <paramref name="rows"/>; one already there (same message key and recipient) is left as it is. The number added.</summary>
    int Insert(IReadOnlyList<StoreRow> rows);

    /// <summary>Whether some row already names quarantined message <paramref name="quarantineId"/>.</summary>
    bool HasQuarantineId(string quarantineId);

    int SetQuarantineState(string quarantineId, string state);

    void Commit();
}
