using Npgsql;
using NpgsqlTypes;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Store.Quarantine;

/// <summary>
/// The `quarantine` table of a PostgreSQL store (migration 3): every node's quarantined messages,
/// their envelope, findings and state, and the original message's bytes up to
/// store-quarantine-max, so any node's dashboard lists them and releases them. The file in the
/// quarantining node's Maildir stays the source: a row is added from it (never the other way),
/// and a row another node released or deleted is applied back to the file by
/// <see cref="QuarantineSync"/>. Every query is parameterised and bounded.
/// </summary>
public static class SharedQuarantine
{
    private const string Columns = "id, node, folder, stored_ms, sender, recipients, client_ip, verdict, findings, subject, size, message IS NOT NULL, state";

    /// <summary>Adds <paramref name="record"/> (from the file on this node) unless its id is there; true when added.</summary>
    public static bool Add(NpgsqlConnection connection, NpgsqlTransaction? transaction, QuarantineRecord record, string node, long maxBytes)
    {
        var size = Math.Max(0, record.Size - record.HeaderLength);
        byte[]? message = null;
        if (size <= maxBytes)
        {
            using var stream = new FileStream(record.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Position = record.HeaderLength;
            message = new byte[(int)Math.Min(size, stream.Length - record.HeaderLength)];
            stream.ReadExactly(message);
        }

        using var command = new NpgsqlCommand("""
            INSERT INTO quarantine (id, node, folder, stored_ms, sender, recipients, client_ip, verdict, findings, subject, size, message, state)
            VALUES (@id, @node, @folder, @stored, @sender, @recipients, @ip, @verdict, @findings, @subject, @size, @message, @state)
            ON CONFLICT (id) DO NOTHING;
            """, connection, transaction);
        var p = command.Parameters;
        p.AddWithValue("id", record.Id);
        p.AddWithValue("node", node);
        p.AddWithValue("folder", record.Folder);
        p.AddWithValue("stored", record.Stored.ToUnixTimeMilliseconds());
        p.AddWithValue("sender", (object?)record.Sender ?? DBNull.Value);
        p.AddWithValue("recipients", string.Join('\n', record.Recipients));
        p.AddWithValue("ip", (object?)record.ClientIp ?? DBNull.Value);
        p.AddWithValue("verdict", record.Verdict);
        p.AddWithValue("findings", string.Join('\n', record.Findings));
        p.AddWithValue("subject", record.Subject);
        p.AddWithValue("size", size);
        p.Add(new NpgsqlParameter("message", NpgsqlDbType.Bytea) { Value = (object?)message ?? DBNull.Value });
        p.AddWithValue("state", record.Released ? SharedEntry.Released : SharedEntry.Waiting);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>Every message not deleted, newest first, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<SharedEntry> List(NpgsqlConnection connection, int limit)
    {
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM quarantine WHERE state <> 'deleted' ORDER BY stored_ms DESC, id DESC LIMIT @limit;", connection);
        command.Parameters.AddWithValue("limit", limit);
        return Read(command);
    }

    /// <summary>The message <paramref name="id"/>, or null; with <paramref name="transaction"/>, its row locked (FOR UPDATE) until that ends.</summary>
    public static SharedEntry? Find(NpgsqlConnection connection, string id, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM quarantine WHERE id = @id{(transaction is null ? "" : " FOR UPDATE")};", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        return Read(command).FirstOrDefault();
    }

    /// <summary>The ids and states of the messages <paramref name="node"/> quarantined (for the sync), at most <paramref name="limit"/>.</summary>
    public static Dictionary<string, string> States(NpgsqlConnection connection, string node, int limit)
    {
        using var command = new NpgsqlCommand("SELECT id, state FROM quarantine WHERE node = @node LIMIT @limit;", connection);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("limit", limit);
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            states[r.GetString(0)] = r.GetString(1);
        }

        return states;
    }

    /// <summary>The original message's bytes (at most <paramref name="max"/> of them when given), or null when the database does not keep them.</summary>
    public static byte[]? Message(NpgsqlConnection connection, string id, int? max = null, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(max is null ? "SELECT message FROM quarantine WHERE id = @id;" : "SELECT substring(message FROM 1 FOR @max) FROM quarantine WHERE id = @id;", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        if (max is { } m)
        {
            command.Parameters.AddWithValue("max", m);
        }

        return command.ExecuteScalar() as byte[];
    }

    /// <summary>
    /// Sets the state (released, deleted) by <paramref name="node"/>, and the store's rows of the
    /// message with it; a deleted message's bytes go. The rows changed in `quarantine`.
    /// </summary>
    public static int SetState(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, string state, string node, IReadOnlyList<string>? to = null)
    {
        using var command = new NpgsqlCommand($"""
            UPDATE quarantine SET state = @state, state_ms = @now, state_node = @node, released_to = @to{(state == SharedEntry.Deleted ? ", message = NULL" : "")} WHERE id = @id;
            UPDATE messages SET quarantine_state = @state WHERE quarantine_id = @id;
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("to", to is { Count: > 0 } ? string.Join('\n', to) : DBNull.Value);
        return command.ExecuteNonQuery();
    }

    private static List<SharedEntry> Read(NpgsqlCommand command)
    {
        var list = new List<SharedEntry>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var state = r.GetString(12);
            var record = new QuarantineRecord
            {
                Id = r.GetString(0),
                Folder = r.GetString(2),
                Path = "",
                Flags = state == SharedEntry.Released ? "P" : "",
                Stored = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
                Sender = r.IsDBNull(4) ? null : r.GetString(4),
                Recipients = r.GetString(5).Split('\n', StringSplitOptions.RemoveEmptyEntries),
                ClientIp = r.IsDBNull(6) ? null : r.GetString(6),
                Verdict = r.GetString(7),
                Findings = r.GetString(8).Split('\n', StringSplitOptions.RemoveEmptyEntries),
                Subject = r.GetString(9),
                Size = r.GetInt64(10),
                HeaderLength = 0,
            };
            list.Add(new SharedEntry(record, r.GetString(1), state, r.GetBoolean(11)));
        }

        return list;
    }
}
