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
/// <see cref="QuarantineSync"/>. Every query is parameterised and bounded; the async forms are
/// for async callers (release, sync), the plain ones for the synchronous pages and the store writer.
/// </summary>
public static class SharedQuarantine
{
    /// <summary>Ids asked about per query by <see cref="StatesAsync"/>.</summary>
    public const int StatesBatch = 1_000;

    private const string Columns = "id, node, folder, stored_ms, sender, recipients, client_ip, verdict, findings, subject, size, message IS NOT NULL, state, state_node, state_ms";

    /// <summary>Adds <paramref name="record"/> (from the file on this node) unless its id is there (asked first, so its bytes are read only when needed); true when added.</summary>
    public static bool Add(NpgsqlConnection connection, NpgsqlTransaction? transaction, QuarantineRecord record, string node, long maxBytes)
    {
        using (var exists = ExistsCommand(connection, transaction, record.Id))
        {
            if (exists.ExecuteScalar() is not null)
            {
                return false;
            }
        }

        using var command = InsertCommand(connection, transaction, record, node, maxBytes);
        return command.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc cref="Add"/>
    public static async Task<bool> AddAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, QuarantineRecord record, string node, long maxBytes, CancellationToken cancellationToken)
    {
        await using (var exists = ExistsCommand(connection, transaction, record.Id))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }
        }

        await using var command = InsertCommand(connection, transaction, record, node, maxBytes);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Every message not deleted, newest first, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<SharedEntry> List(NpgsqlConnection connection, int limit)
    {
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM quarantine WHERE state <> 'deleted' ORDER BY stored_ms DESC, id DESC LIMIT @limit;", connection);
        command.Parameters.AddWithValue("limit", limit);
        using var r = command.ExecuteReader();
        var list = new List<SharedEntry>();
        while (r.Read())
        {
            list.Add(Entry(r));
        }

        return list;
    }

    /// <summary>The message <paramref name="id"/>, or null.</summary>
    public static SharedEntry? Find(NpgsqlConnection connection, string id)
    {
        using var command = FindCommand(connection, null, id);
        using var r = command.ExecuteReader();
        return r.Read() ? Entry(r) : null;
    }

    /// <summary>The message <paramref name="id"/>, or null; with <paramref name="transaction"/>, its row locked (FOR UPDATE) until that ends.</summary>
    public static async Task<SharedEntry?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = FindCommand(connection, transaction, id);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? Entry(r) : null;
    }

    /// <summary>The states of the messages <paramref name="ids"/> the table has (asked in batches of <see cref="StatesBatch"/>); an id it lacks is not in the answer.</summary>
    public static async Task<Dictionary<string, string>> StatesAsync(NpgsqlConnection connection, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i += StatesBatch)
        {
            var batch = ids.Skip(i).Take(StatesBatch).ToArray();
            await using var command = new NpgsqlCommand("SELECT id, state FROM quarantine WHERE id = ANY(@ids);", connection);
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch });
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                states[r.GetString(0)] = r.GetString(1);
            }
        }

        return states;
    }

    /// <summary>The original message's bytes (at most <paramref name="max"/> of them when given), or null when the database does not keep them.</summary>
    public static byte[]? Message(NpgsqlConnection connection, string id, int? max = null)
    {
        using var command = MessageCommand(connection, null, id, max);
        return command.ExecuteScalar() as byte[];
    }

    /// <inheritdoc cref="Message"/>
    public static async Task<byte[]?> MessageAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = MessageCommand(connection, transaction, id, null);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <summary>
    /// Sets the state by <paramref name="node"/> (only from the state <paramref name="from"/> when
    /// given; without it the store's rows are set even when the table has no row); for released
    /// and deleted the store's rows of the message too, and a deleted
    /// message's bytes go; any release's claim on the row is cleared. The rows changed in
    /// `quarantine` (0 or 1).
    /// </summary>
    public static int SetState(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, string state, string node, IReadOnlyList<string>? to = null, string? from = null)
    {
        using var command = StateCommand(connection, transaction, id, state, node, to, from, null, matchClaim: false, null);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc cref="SetState"/>
    public static async Task<int> SetStateAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, string state, string node, IReadOnlyList<string>? to, string? from, CancellationToken cancellationToken)
    {
        await using var command = StateCommand(connection, transaction, id, state, node, to, from, null, matchClaim: false, null);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Marks the row 'releasing' (from the state <paramref name="from"/>) for the release holding
    /// the claim token <paramref name="claim"/>: only that release's end moves it on
    /// (<see cref="FinishClaimAsync"/>). The rows changed (0 or 1).
    /// </summary>
    public static async Task<int> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, string node, string from, string claim, CancellationToken cancellationToken)
    {
        await using var command = StateCommand(connection, transaction, id, SharedEntry.Releasing, node, null, from, claim, matchClaim: false, null);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Ends a release's claim: sets <paramref name="state"/> only while the row says 'releasing'
    /// with the token <paramref name="claim"/> (null: a claim made before migration 5, which had
    /// none). 0 when an admin settled the row or another release claimed it meanwhile: it is left
    /// as it is.
    /// </summary>
    public static async Task<int> FinishClaimAsync(NpgsqlConnection connection, string id, string state, string node, IReadOnlyList<string>? to, string? claim, CancellationToken cancellationToken)
    {
        await using var command = StateCommand(connection, null, id, state, node, to, SharedEntry.Releasing, null, matchClaim: true, claim);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The recipients another node asked for with its release request of <paramref name="id"/> (read in the caller's transaction, under its row lock); null for the original ones.</summary>
    public static async Task<IReadOnlyList<string>?> RequestedRecipientsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT released_to FROM quarantine WHERE id = @id AND state = @state;", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("state", SharedEntry.Requested);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string to
            ? to.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            : null;
    }

    /// <summary>At most this many of a node's release requests are carried out by one sync.</summary>
    public const int RequestsPerSync = 1_000;

    /// <summary>The ids of <paramref name="node"/>'s messages whose release another node requested, oldest request first.</summary>
    public static async Task<IReadOnlyList<string>> RequestedIdsAsync(NpgsqlConnection connection, string node, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT id FROM quarantine WHERE node = @node AND state = @state ORDER BY state_ms LIMIT @limit;", connection);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("state", SharedEntry.Requested);
        command.Parameters.AddWithValue("limit", RequestsPerSync);
        var ids = new List<string>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    private static NpgsqlCommand ExistsCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id)
    {
        var command = new NpgsqlCommand("SELECT 1 FROM quarantine WHERE id = @id;", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        return command;
    }

    private static NpgsqlCommand InsertCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, QuarantineRecord record, string node, long maxBytes)
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

        var command = new NpgsqlCommand("""
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
        return command;
    }

    private static NpgsqlCommand FindCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id)
    {
        var command = new NpgsqlCommand($"SELECT {Columns} FROM quarantine WHERE id = @id{(transaction is null ? "" : " FOR UPDATE")};", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        return command;
    }

    private static NpgsqlCommand MessageCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, int? max)
    {
        var command = new NpgsqlCommand(max is null ? "SELECT message FROM quarantine WHERE id = @id;" : "SELECT substring(message FROM 1 FOR @max) FROM quarantine WHERE id = @id;", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        if (max is { } m)
        {
            command.Parameters.AddWithValue("max", m);
        }

        return command;
    }

    /// <param name="claim">The claim token the row takes (null: cleared).</param>
    /// <param name="matchClaim">Only while the row's token is <paramref name="ownClaim"/> (null: has none).</param>
    private static NpgsqlCommand StateCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, string state, string node, IReadOnlyList<string>? to, string? from, string? claim, bool matchClaim, string? ownClaim)
    {
        var own = !matchClaim ? "" : ownClaim is null ? " AND claim IS NULL" : " AND claim = @own";
        var final = state is SharedEntry.Released or SharedEntry.Deleted;
        var command = new NpgsqlCommand($"""
            WITH q AS (
              UPDATE quarantine SET state = @state, state_ms = @now, state_node = @node, released_to = @to, claim = @claim{(state == SharedEntry.Deleted ? ", message = NULL" : "")}
              WHERE id = @id{(from is null ? "" : " AND state = @from")}{own} RETURNING id
            ){(final ? $", m AS (UPDATE messages SET quarantine_state = @state WHERE quarantine_id = @id{(from is null ? "" : " AND EXISTS (SELECT 1 FROM q)")})" : "")}
            SELECT count(*) FROM q;
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("to", to is { Count: > 0 } ? string.Join('\n', to) : DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("claim", NpgsqlDbType.Text) { Value = (object?)claim ?? DBNull.Value });
        if (matchClaim && ownClaim is not null)
        {
            command.Parameters.AddWithValue("own", ownClaim);
        }

        if (from is not null)
        {
            command.Parameters.AddWithValue("from", from);
        }

        return command;
    }

    private static SharedEntry Entry(NpgsqlDataReader r)
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
        return new SharedEntry(record, r.GetString(1), state, r.GetBoolean(11))
        {
            StateNode = r.IsDBNull(13) ? null : r.GetString(13),
            StateTime = r.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(14)),
        };
    }
}
