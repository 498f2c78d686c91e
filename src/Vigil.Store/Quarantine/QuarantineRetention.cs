using Npgsql;
using NpgsqlTypes;

namespace Vigil.Store.Quarantine;

/// <summary>
/// What `vigil cleanup` does to the shared quarantine (PostgreSQL) after it removed this node's
/// files older than the quarantine's retention: this node's rows whose file is gone here go too,
/// when they are older than the retention (or their file was just removed, or they say
/// 'deleted': a tombstone is needed only until this node's file is gone, else the sync would add
/// the file again). A 'releasing' row is never pruned (an admin settles it), nor a row whose
/// file is still here, nor a 'waiting' or 'requested' row younger than the retention. The
/// store's rows of a pruned message that was not released say 'deleted'. Other nodes' rows are
/// left to their own cleanup.
/// </summary>
public static class QuarantineRetention
{
    /// <summary>Rows looked at per run at most.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Prunes this node's rows as above; <paramref name="removed"/>: the ids whose files this cleanup just removed. The rows pruned.</summary>
    public static int Prune(ReleaseService service, IReadOnlyCollection<string> removed, TimeSpan retention, DateTimeOffset now, NpgsqlConnection connection)
    {
        var here = service.Local.Ids();
        var candidates = new HashSet<string>(removed, StringComparer.Ordinal);
        using (var find = new NpgsqlCommand("SELECT id FROM quarantine WHERE node = @node AND state <> @releasing AND (state = @deleted OR stored_ms < @cutoff) ORDER BY stored_ms LIMIT @limit;", connection))
        {
            find.Parameters.AddWithValue("node", service.Node);
            find.Parameters.AddWithValue("releasing", SharedEntry.Releasing);
            find.Parameters.AddWithValue("deleted", SharedEntry.Deleted);
            find.Parameters.AddWithValue("cutoff", (now - retention).ToUnixTimeMilliseconds());
            find.Parameters.AddWithValue("limit", MaxRows);
            using var r = find.ExecuteReader();
            while (r.Read())
            {
                candidates.Add(r.GetString(0));
            }
        }

        var gone = candidates.Where(id => !here.Contains(id)).ToArray();
        if (gone.Length == 0)
        {
            return 0;
        }

        // One statement: a release holding a row's lock is waited for, and a row it set 'releasing' stays.
        using var prune = new NpgsqlCommand("""
            WITH q AS (
              DELETE FROM quarantine WHERE id = ANY(@ids) AND node = @node AND state <> @releasing RETURNING id
            ), m AS (
              UPDATE messages SET quarantine_state = @deleted
              WHERE quarantine_id IN (SELECT id FROM q) AND quarantine_state IS DISTINCT FROM @released AND quarantine_state IS DISTINCT FROM @deleted
            )
            SELECT count(*) FROM q;
            """, connection);
        prune.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = gone });
        prune.Parameters.AddWithValue("node", service.Node);
        prune.Parameters.AddWithValue("releasing", SharedEntry.Releasing);
        prune.Parameters.AddWithValue("deleted", SharedEntry.Deleted);
        prune.Parameters.AddWithValue("released", SharedEntry.Released);
        return Convert.ToInt32(prune.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
