using Microsoft.Data.Sqlite;
using Vigil.Store.Model;

namespace Vigil.Store.Sqlite;

/// <summary>
/// The SQLite store: one file in WAL mode (readers never block the writer), a busy timeout so that
/// two doors writing at once wait for each other instead of failing, and the schema migrated on
/// open. Not thread-safe: one writer thread, or one command, uses it.
/// </summary>
public sealed class SqliteStore : IMessageStore
{
    private readonly SqliteConnection _connection;

    private SqliteStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    public string Path { get; }

    public string Name => Path;

    public IReadOnlyList<StoreRow> Track(string query, int limit = 10_000) => Reader().Track(query, limit);

    /// <summary>The schema version of the open store.</summary>
    public int SchemaVersion => SqliteSchema.UserVersion(_connection);

    internal SqliteConnection Connection => _connection;

    /// <summary>
    /// Opens (and when <paramref name="create"/>, creates) the store at <paramref name="path"/>;
    /// null with <paramref name="error"/> when it cannot (no directory, not writable, not a store).
    /// </summary>
    public static SqliteStore? Open(string path, TimeSpan busyTimeout, bool create, out string? error)
    {
        error = null;
        if (!create && !File.Exists(path))
        {
            error = $"store {path}: No such file";
            return null;
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;");
            SqliteSchema.Migrate(connection);
            // A door opens the store for one row and closes it: by default the last connection to
            // close checkpoints the WAL into the database and deletes it, two fsyncs and a new WAL
            // (another fsync) for the next door, most of a door's cost of storing its row. The WAL
            // is checkpointed instead by the commit that fills it (wal_autocheckpoint, 1000 pages).
            SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _);
            return new SqliteStore(connection, path);
        }
        catch (Exception e) when (e is SqliteException or StoreException or IOException or UnauthorizedAccessException)
        {
            connection.Dispose();
            error = $"store {path}: {e.Message}";
            return null;
        }
    }

    /// <summary>Writes <paramref name="rows"/> in one transaction; a row already there (same message key and recipient) is left as it is. The number added.</summary>
    public int Insert(IReadOnlyList<StoreRow> rows)
    {
        using var transaction = Begin();
        var added = transaction.Insert(rows);
        transaction.Commit();
        return added;
    }

    /// <summary>One transaction for everything an import adds (a whole file): committed by <see cref="StoreTransaction.Commit"/>, else rolled back.</summary>
    public IStoreTransaction Begin() => new StoreTransaction(_connection);

    /// <summary>Marks the rows of quarantined message <paramref name="quarantineId"/> with <paramref name="state"/> (released, deleted); the rows changed.</summary>
    public int SetQuarantineState(string quarantineId, string state)
    {
        using var transaction = Begin();
        var changed = transaction.SetQuarantineState(quarantineId, state);
        transaction.Commit();
        return changed;
    }

    /// <summary>Removes the rows (and their findings and attachments) older than <paramref name="before"/>; the number of rows removed.</summary>
    public int Prune(DateTimeOffset before)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        command.CommandText = "DELETE FROM messages WHERE time_ms < $before;";
        var removed = command.ExecuteNonQuery();
        command.CommandText = """
            DELETE FROM findings WHERE message_key NOT IN (SELECT message_key FROM messages);
            DELETE FROM attachments WHERE message_key NOT IN (SELECT message_key FROM messages);
            DELETE FROM scanner_runs WHERE time_ms < $before;
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
        return removed;
    }

    /// <summary>The read side (track, report, blocklist, later the dashboard).</summary>
    public Reading.StoreReader Reader() => new(_connection, Reading.StoreDialect.Sqlite);

    public void Dispose() => _connection.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
