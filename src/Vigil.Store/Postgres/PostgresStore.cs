using Npgsql;
using Vigil.Store.Model;
using Vigil.Store.Reading;

namespace Vigil.Store.Postgres;

/// <summary>
/// The PostgreSQL store, for many nodes writing one database: the rows, findings and attachments
/// of SQLite's store, inserted with ON CONFLICT DO NOTHING so that a row written twice (a spill
/// re-imported) is kept once. The schema is migrated on open. Not thread-safe (one connection).
/// </summary>
public sealed class PostgresStore : IMessageStore
{
    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlConnection _connection;

    private PostgresStore(NpgsqlDataSource source, NpgsqlConnection connection, string name)
    {
        _source = source;
        _connection = connection;
        Name = name;
    }

    public string Name { get; }

    internal NpgsqlConnection Connection => _connection;

    public int SchemaVersion => PostgresSchema.UserVersion(_connection);

    /// <summary>Opens and migrates the store; null with <paramref name="error"/> when the server cannot be reached or refuses.</summary>
    public static PostgresStore? Open(string connectionString, string name, TimeSpan timeout, out string? error)
    {
        error = null;
        NpgsqlDataSource? source = null;
        NpgsqlConnection? connection = null;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString)
            {
                Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
                CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
                Pooling = false,
                ApplicationName = "vigil",
            };
            var sourceBuilder = new NpgsqlDataSourceBuilder(builder.ConnectionString);
            // The store's columns are all built-in types (text, bigint, double, bytea, text[]):
            // Npgsql's own table of those serves, and a per-process door does not pay the
            // catalog query that loading the server's types costs at every open.
            sourceBuilder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
            source = sourceBuilder.Build();
            connection = source.OpenConnection();
            PostgresSchema.Migrate(connection);
            return new PostgresStore(source, connection, name);
        }
        catch (Exception e) when (e is NpgsqlException or StoreException or ArgumentException or InvalidOperationException or IOException)
        {
            connection?.Dispose();
            source?.Dispose();
            error = $"store {name}: {e.Message}";
            return null;
        }
    }

    public int Insert(IReadOnlyList<StoreRow> rows)
    {
        using var transaction = _connection.BeginTransaction();
        var added = InsertIn(rows, transaction);
        transaction.Commit();
        return added;
    }

    public IStoreTransaction Begin() => new PostgresTransaction(this, _connection.BeginTransaction());

    internal int InsertIn(IReadOnlyList<StoreRow> rows, NpgsqlTransaction transaction)
    {
        var added = 0;
        var detailed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            using var command = new NpgsqlCommand("""
                INSERT INTO messages (message_key, time_ms, door, node, verdict, outcome, findings, size, elapsed_ms,
                  sender, recipient, client_ip, relay_client, helo, subject, message_id, attachments,
                  quarantine_id, quarantine_folder, quarantine_state, log_line, source)
                VALUES (@key, @time, @door, @node, @verdict, @outcome, @findings, @size, @elapsed,
                  @sender, @recipient, @ip, @relay, @helo, @subject, @mid, @attachments, @qid, @qfolder, @qstate, @log, @source)
                ON CONFLICT (message_key, recipient) DO NOTHING;
                """, _connection, transaction);
            var p = command.Parameters;
            p.AddWithValue("key", r.MessageKey);
            p.AddWithValue("time", r.Time.ToUnixTimeMilliseconds());
            p.AddWithValue("door", r.Door);
            p.AddWithValue("node", r.Node);
            p.AddWithValue("verdict", r.Verdict);
            p.AddWithValue("outcome", r.Outcome);
            p.AddWithValue("findings", RowText.Findings(r.Findings));
            p.AddWithValue("size", r.Size);
            p.AddWithValue("elapsed", r.ElapsedMilliseconds);
            p.AddWithValue("sender", (object?)r.Sender ?? DBNull.Value);
            p.AddWithValue("recipient", r.Recipient ?? "");
            p.AddWithValue("ip", (object?)r.ClientIp ?? DBNull.Value);
            p.AddWithValue("relay", r.RelayClient is { } relay ? relay : DBNull.Value);
            p.AddWithValue("helo", (object?)r.Helo ?? DBNull.Value);
            p.AddWithValue("subject", (object?)r.Subject ?? DBNull.Value);
            p.AddWithValue("mid", (object?)r.MessageId ?? DBNull.Value);
            p.AddWithValue("attachments", RowText.Attachments(r.Attachments));
            p.AddWithValue("qid", (object?)r.QuarantineId ?? DBNull.Value);
            p.AddWithValue("qfolder", (object?)r.QuarantineFolder ?? DBNull.Value);
            p.AddWithValue("qstate", (object?)r.QuarantineState ?? DBNull.Value);
            p.AddWithValue("log", (object?)r.LogLine ?? DBNull.Value);
            p.AddWithValue("source", r.Source);
            if (command.ExecuteNonQuery() == 0)
            {
                continue;
            }

            added++;
            if (detailed.Add(r.MessageKey) && !HasDetails(r.MessageKey, transaction))
            {
                InsertDetails(r, transaction);
            }
        }

        return added;
    }

    public IReadOnlyList<StoreRow> Track(string query, int limit = 10_000) => Reader().Track(query, limit);

    public StoreReader Reader() => new(_connection, StoreDialect.Postgres);

    public int SetQuarantineState(string quarantineId, string state) => SetQuarantineStateIn(quarantineId, state, null);

    internal int SetQuarantineStateIn(string quarantineId, string state, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("UPDATE messages SET quarantine_state = @state WHERE quarantine_id = @id;", _connection, transaction);
        command.Parameters.AddWithValue("id", quarantineId);
        command.Parameters.AddWithValue("state", state);
        return command.ExecuteNonQuery();
    }

    internal bool HasQuarantineIdIn(string quarantineId, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand("SELECT 1 FROM messages WHERE quarantine_id = @id LIMIT 1;", _connection, transaction);
        command.Parameters.AddWithValue("id", quarantineId);
        return command.ExecuteScalar() is not null;
    }

    public int Prune(DateTimeOffset before)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = new NpgsqlCommand("DELETE FROM messages WHERE time_ms < @before;", _connection, transaction);
        command.Parameters.AddWithValue("before", before.ToUnixTimeMilliseconds());
        var removed = command.ExecuteNonQuery();
        using var details = new NpgsqlCommand("""
            DELETE FROM findings f WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.message_key = f.message_key);
            DELETE FROM attachments a WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.message_key = a.message_key);
            DELETE FROM scanner_runs s WHERE s.time_ms < @before;
            """, _connection, transaction);
        details.Parameters.AddWithValue("before", before.ToUnixTimeMilliseconds());
        details.ExecuteNonQuery();
        transaction.Commit();
        return removed;
    }

    public void Dispose()
    {
        _connection.Dispose();
        _source.Dispose();
    }

    private bool HasDetails(string key, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM findings WHERE message_key = @key) OR EXISTS (SELECT 1 FROM attachments WHERE message_key = @key) OR EXISTS (SELECT 1 FROM scanner_runs WHERE message_key = @key);", _connection, transaction);
        command.Parameters.AddWithValue("key", key);
        return command.ExecuteScalar() is true;
    }

    private void InsertDetails(StoreRow row, NpgsqlTransaction transaction)
    {
        foreach (var f in row.Findings)
        {
            using var command = new NpgsqlCommand("INSERT INTO findings (message_key, category, rule, detail) VALUES (@key, @category, @rule, @detail);", _connection, transaction);
            command.Parameters.AddWithValue("key", row.MessageKey);
            command.Parameters.AddWithValue("category", f.Category);
            command.Parameters.AddWithValue("rule", f.Rule);
            command.Parameters.AddWithValue("detail", f.Detail);
            command.ExecuteNonQuery();
        }

        foreach (var a in row.Attachments)
        {
            using var command = new NpgsqlCommand("INSERT INTO attachments (message_key, name, declared_type, detected_type, size) VALUES (@key, @name, @declared, @detected, @size);", _connection, transaction);
            command.Parameters.AddWithValue("key", row.MessageKey);
            command.Parameters.AddWithValue("name", a.Name);
            command.Parameters.AddWithValue("declared", (object?)a.DeclaredType ?? DBNull.Value);
            command.Parameters.AddWithValue("detected", (object?)a.DetectedType ?? DBNull.Value);
            command.Parameters.AddWithValue("size", a.Size);
            command.ExecuteNonQuery();
        }

        foreach (var s in row.Scanners)
        {
            using var command = new NpgsqlCommand("INSERT INTO scanner_runs (message_key, node, time_ms, scanner, result, elapsed_ms) VALUES (@key, @node, @time, @scanner, @result, @elapsed);", _connection, transaction);
            command.Parameters.AddWithValue("key", row.MessageKey);
            command.Parameters.AddWithValue("node", row.Node);
            command.Parameters.AddWithValue("time", row.Time.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("scanner", s.Scanner);
            command.Parameters.AddWithValue("result", s.Result);
            command.Parameters.AddWithValue("elapsed", s.ElapsedMilliseconds);
            command.ExecuteNonQuery();
        }
    }
}
