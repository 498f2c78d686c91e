using Npgsql;
using Vigil.Store.Model;

namespace Vigil.Store.Postgres;

/// <summary>Writes in one PostgreSQL transaction (a whole imported file): rolled back on dispose unless committed.</summary>
internal sealed class PostgresTransaction(PostgresStore store, NpgsqlTransaction transaction) : IStoreTransaction
{
    public int Insert(IReadOnlyList<StoreRow> rows) => store.InsertIn(rows, transaction);

    public bool HasQuarantineId(string quarantineId) => store.HasQuarantineIdIn(quarantineId, transaction);

    public int SetQuarantineState(string quarantineId, string state) => store.SetQuarantineStateIn(quarantineId, state, transaction);

    public void Commit() => transaction.Commit();

    public void Dispose() => transaction.Dispose();
}
