using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Vigil.Store.Model;

namespace Vigil.Store.Reading;

/// <summary>
/// The web dashboard's queries over the SQLite store: the overview's counts, the message log
/// search and a message's rows. Each takes a scope: the recipient domains a reviewer may see
/// (empty: everything), applied in SQL, so a row of another domain never leaves the database.
/// Every query is parameterised and bounded by a limit or a time range.
/// </summary>
public sealed class DashboardReader(SqliteConnection connection)
{
    /// <summary>Messages and bytes per node and verdict in [from, to).</summary>
    public IReadOnlyList<VerdictCount> Verdicts(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> scope)
    {
        using var command = Command($"""
            SELECT node, verdict, COUNT(*), SUM(size) FROM (
              SELECT message_key, MIN(node) AS node, MIN(verdict) AS verdict, MAX(size) AS size FROM messages
              WHERE time_ms >= $from AND time_ms < $to{ScopeClause(scope, "recipient")}
              GROUP BY message_key)
            GROUP BY node, verdict ORDER BY node, verdict;
            """, scope);
        Range(command, from, to);
        var list = new List<VerdictCount>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(new VerdictCount(r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? 0 : r.GetInt64(3)));
        }

        return list;
    }

    /// <summary>The most frequent rules of finding <paramref name="category"/> (virus: signature names), by messages.</summary>
    public IReadOnlyList<Ranked> TopRules(string category, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> scope, int limit)
    {
        // From the (few) findings to their messages: an IN over every message of a week took 10 times as long.
        using var command = Command($"""
            SELECT f.rule, COUNT(DISTINCT f.message_key) AS n FROM findings f
            WHERE f.category = $category AND EXISTS (
              SELECT 1 FROM messages WHERE message_key = f.message_key AND time_ms >= $from AND time_ms < $to{ScopeClause(scope, "recipient")})
            GROUP BY f.rule ORDER BY n DESC, f.rule LIMIT $limit;
            """, scope);
        Range(command, from, to);
        command.Parameters.AddWithValue("$category", category);
        command.Parameters.AddWithValue("$limit", limit);
        return Ranked(command);
    }

    /// <summary>The attachment names of policy-blocked messages, by messages.</summary>
    public IReadOnlyList<Ranked> TopBlockedNames(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> scope, int limit)
    {
        using var command = Command($"""
            SELECT a.name, COUNT(DISTINCT a.message_key) AS n FROM attachments a
            WHERE a.message_key IN (
              SELECT message_key FROM messages WHERE verdict = 'policy' AND time_ms >= $from AND time_ms < $to{ScopeClause(scope, "recipient")})
            GROUP BY a.name ORDER BY n DESC, a.name LIMIT $limit;
            """, scope);
        Range(command, from, to);
        command.Parameters.AddWithValue("$limit", limit);
        return Ranked(command);
    }

    /// <summary>At most this many messages are read for <see cref="Totals"/> (about 40 bytes each); past it, the first that many the query reads.</summary>
    public const int MaxTotalsMessages = 2_000_000;

    /// <summary>
    /// The overview's figures in one pass over the messages of [from, to): messages and bytes per
    /// node and verdict, and the judging time at each quantile (0..1, nearest rank; empty when
    /// none). Each message is read once and the rest is counted here.
    /// </summary>
    public MessageTotals Totals(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> scope, IReadOnlyList<double> quantiles)
    {
        using var c = Command($"SELECT MIN(node), MIN(verdict), MAX(size), MAX(elapsed_ms) FROM messages WHERE time_ms >= $from AND time_ms < $to{ScopeClause(scope, "recipient")} GROUP BY message_key LIMIT $max;", scope);
        Range(c, from, to);
        c.Parameters.AddWithValue("$max", MaxTotalsMessages);
        var times = new List<double>();
        var counts = new Dictionary<(string Node, string Verdict), (long Messages, long Bytes)>();
        using (var r = c.ExecuteReader())
        {
            while (r.Read())
            {
                var key = (r.GetString(0), r.GetString(1));
                var (n, b) = counts.GetValueOrDefault(key);
                counts[key] = (n + 1, b + r.GetInt64(2));
                times.Add(r.GetDouble(3));
            }
        }

        times.Sort();
        var latency = times.Count == 0 ? [] : quantiles.Select(q => times[(int)Math.Clamp((long)Math.Ceiling(q * times.Count), 1, times.Count) - 1]).ToList();
        var verdicts = counts.OrderBy(p => p.Key.Node, StringComparer.Ordinal).ThenBy(p => p.Key.Verdict, StringComparer.Ordinal)
            .Select(p => new VerdictCount(p.Key.Node, p.Key.Verdict, p.Value.Messages, p.Value.Bytes)).ToList();
        return new MessageTotals(verdicts, latency);
    }

    /// <summary>The rows matching <paramref name="search"/>, newest first, at most <paramref name="limit"/> (findings and attachments not read).</summary>
    public IReadOnlyList<StoreRow> Search(MessageSearch search, IReadOnlyList<string> scope, int limit)
    {
        var where = new StringBuilder("1 = 1");
        var parameters = new List<(string, object)>();
        void Add(string clause, string name, object? value)
        {
            if (value is null or "")
            {
                return;
            }

            where.Append(" AND ").Append(clause);
            parameters.Add((name, value));
        }

        var address = search.Address?.Trim();
        Add("(sender = $address OR recipient = $address)", "$address", address);
        Add("subject LIKE $subject ESCAPE '\\'", "$subject", search.Subject is { Length: > 0 } s ? "%" + Like(s.Trim()) + "%" : null);
        var id = search.MessageId?.Trim().Trim('<', '>');
        Add("(message_id = $id OR message_id = '<' || $id || '>')", "$id", id);
        Add("verdict = $verdict", "$verdict", search.Verdict?.Trim().ToLowerInvariant());
        Add("client_ip = $ip", "$ip", search.ClientIp?.Trim());
        Add("time_ms >= $from", "$from", search.From?.ToUnixTimeMilliseconds());
        Add("time_ms < $to", "$to", search.To?.ToUnixTimeMilliseconds());
        using var command = Command($"SELECT {RowRecord.Columns} FROM messages WHERE {where}{ScopeClause(scope, "recipient")} ORDER BY time_ms DESC, id DESC LIMIT $limit;", scope);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.Parameters.AddWithValue("$limit", limit);
        return Rows(command);
    }

    /// <summary>The rows of one message (every recipient in scope) with its findings and attachments; empty when none is visible.</summary>
    public IReadOnlyList<StoreRow> Message(string messageKey, IReadOnlyList<string> scope)
    {
        using var command = Command($"SELECT {RowColumns} FROM messages WHERE message_key = $key{ScopeClause(scope, "recipient")} ORDER BY recipient LIMIT 1000;", scope);
        command.Parameters.AddWithValue("$key", messageKey);
        var rows = Rows(command);
        if (rows.Count == 0)
        {
            return rows;
        }

        var findings = new List<StoredFinding>();
        using (var f = connection.CreateCommand())
        {
            f.CommandText = "SELECT category, rule, detail FROM findings WHERE message_key = $key LIMIT 1000;";
            f.Parameters.AddWithValue("$key", messageKey);
            using var r = f.ExecuteReader();
            while (r.Read())
            {
                findings.Add(new StoredFinding(r.GetString(0), r.GetString(1), r.GetString(2)));
            }
        }

        var attachments = new List<StoredAttachment>();
        using (var a = connection.CreateCommand())
        {
            a.CommandText = "SELECT name, declared_type, detected_type, size FROM attachments WHERE message_key = $key LIMIT 1000;";
            a.Parameters.AddWithValue("$key", messageKey);
            using var r = a.ExecuteReader();
            while (r.Read())
            {
                attachments.Add(new StoredAttachment(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3)));
            }
        }

        return [.. rows.Select(row => row with { Findings = findings, Attachments = attachments })];
    }

    /// <summary>The message key of quarantined message <paramref name="quarantineId"/>, or null.</summary>
    public string? MessageKeyOfQuarantine(string quarantineId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_key FROM messages WHERE quarantine_id = $id LIMIT 1;";
        command.Parameters.AddWithValue("$id", quarantineId);
        return command.ExecuteScalar() as string;
    }

    private const string RowColumns = RowRecord.Columns;

    /// <summary>" AND (col LIKE '%@' || $d0 OR …)" for a reviewer's domains; "" for everything.</summary>
    private static string ScopeClause(IReadOnlyList<string> scope, string column)
    {
        if (scope.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder(" AND (");
        for (var i = 0; i < scope.Count; i++)
        {
            sb.Append(i == 0 ? "" : " OR ").Append(column).Append(" LIKE '%@' || $scope").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" ESCAPE '\\'");
        }

        return sb.Append(')').ToString();
    }

    private SqliteCommand Command(string sql, IReadOnlyList<string> scope)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < scope.Count; i++)
        {
            command.Parameters.AddWithValue("$scope" + i.ToString(CultureInfo.InvariantCulture), Like(scope[i]));
        }

        return command;
    }

    private static void Range(SqliteCommand command, DateTimeOffset from, DateTimeOffset to)
    {
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
    }

    /// <summary>A LIKE pattern's literal part: %, _ and \ escaped.</summary>
    private static string Like(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static List<Ranked> Ranked(SqliteCommand command)
    {
        var list = new List<Ranked>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(new Ranked(r.IsDBNull(0) ? "" : r.GetString(0), r.GetInt64(1)));
        }

        return list;
    }

    private static List<StoreRow> Rows(SqliteCommand command)
    {
        var rows = new List<StoreRow>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            rows.Add(RowRecord.Read(r));
        }

        return rows;
    }
}
