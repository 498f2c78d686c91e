using Microsoft.Data.Sqlite;
using Vigil.Store.Model;

namespace Vigil.Store.Sqlite;

/// <summary>Writes in one SQLite transaction: rolled back on dispose unless committed.</summary>
public sealed class StoreTransaction : IStoreTransaction
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly RowInserter _inserter;

    internal StoreTransaction(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction();
        _inserter = new RowInserter(connection, _transaction);
    }

    public int Insert(IReadOnlyList<StoreRow> rows) => _inserter.Insert(rows);

    public bool HasQuarantineId(string quarantineId)
    {
        using var command = Command("SELECT 1 FROM messages WHERE quarantine_id = $id LIMIT 1;");
        command.Parameters.AddWithValue("$id", quarantineId);
        return command.ExecuteScalar() is not null;
    }

    public int SetQuarantineState(string quarantineId, string state)
    {
        using var command = Command("UPDATE messages SET quarantine_state = $state WHERE quarantine_id = $id;");
        command.Parameters.AddWithValue("$id", quarantineId);
        command.Parameters.AddWithValue("$state", state);
        return command.ExecuteNonQuery();
    }

    public void Commit() => _transaction.Commit();

    public void Dispose() => _transaction.Dispose();

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
