using System.Data.Common;
using System.Globalization;
using System.Text;
using Vigil.Store.Model;

namespace Vigil.Store.Reading;

/// <summary>
/// The web dashboard's queries over the store, SQLite or PostgreSQL alike (<see cref="StoreDialect"/>
/// holds the little that differs): the overview's counts, the message log search and a message's
/// rows. Each takes a scope: the recipient domains a reviewer may see (empty: everything),
/// applied in SQL, so a row of another domain never leaves the database. Every query is
/// parameterised and bounded by a limit or a time range.
/// </summary>
public sealed class DashboardReader(DbConnection connection, StoreDialect dialect)
{
    /// <summary>Messages and bytes per node and verdict in [from, to).</summary>
    public IReadOnlyList<VerdictCount> Verdicts(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> scope)
    {
        using var command = Command($"""
            SELECT node, verdict, COUNT(*), CAST(SUM(size) AS bigint) FROM (
              SELECT message_key, MIN(node) AS node, MIN(verdict) AS verdict, MAX(size) AS size FROM messages
              WHERE time_ms >= @from AND time_ms < @to{ScopeClause(scope)}
              GROUP BY message_key) AS m
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
            WHERE f.category = @category AND EXISTS (
              SELECT 1 FROM messages WHERE message_key = f.message_key AND time_ms >= @from AND time_ms < @to{ScopeClause(scope)})
            GROUP BY f.rule ORDER BY n DESC, f.rule LIMIT @limit;
            """, scope);
        Range(command, from, to);
        Add(command, "category", category);
        Add(command, "limit", limit);
        return Ranked(command);
    }

    /// <summary>At most this many virus findings are read for <see cref="VirusesByScanner"/>.</summary>
    public const int MaxScannerFindings = 100_000;

    /// <summary>
    /// Messages with a virus finding in [from, to), per scanner that found it (the name a finding's
    /// detail starts with, else clamd: as `vigil report` counts them), most first.
    /// </summary>
    public IReadOnlyList<Ranked> VirusesByScanner(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> scope)
    {
        using var command = Command($"""
            SELECT f.message_key, f.detail FROM findings f
            WHERE f.category = 'virus' AND EXISTS (
              SELECT 1 FROM messages WHERE message_key = f.message_key AND time_ms >= @from AND time_ms < @to{ScopeClause(scope)})
            LIMIT @limit;
            """, scope);
        Range(command, from, to);
        Add(command, "limit", MaxScannerFindings);
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        using (var r = command.ExecuteReader())
        {
            while (r.Read())
            {
                var scanner = Reports.ScannerNames.Of(r.GetString(1));
                if (!seen.TryGetValue(scanner, out var keys))
                {
                    seen[scanner] = keys = new HashSet<string>(StringComparer.Ordinal);
                }

                keys.Add(r.GetString(0));
            }
        }

        return [.. seen.Select(p => new Ranked(p.Key, p.Value.Count)).OrderByDescending(x => x.Messages).ThenBy(x => x.Key, StringComparer.Ordinal)];
    }

    /// <summary>The attachment names of policy-blocked messages, by messages.</summary>
    public IReadOnlyList<Ranked> TopBlockedNames(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> scope, int limit)
    {
        using var command = Command($"""
            SELECT a.name, COUNT(DISTINCT a.message_key) AS n FROM attachments a
            WHERE a.message_key IN (
              SELECT message_key FROM messages WHERE verdict = 'policy' AND time_ms >= @from AND time_ms < @to{ScopeClause(scope)})
            GROUP BY a.name ORDER BY n DESC, a.name LIMIT @limit;
            """, scope);
        Range(command, from, to);
        Add(command, "limit", limit);
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
        using var c = Command($"SELECT MIN(node), MIN(verdict), MAX(size), MAX(elapsed_ms) FROM messages WHERE time_ms >= @from AND time_ms < @to{ScopeClause(scope)} GROUP BY message_key LIMIT @max;", scope);
        Range(c, from, to);
        Add(c, "max", MaxTotalsMessages);
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
        var latency = NearestRank.Of(times, quantiles);
        var verdicts = counts.OrderBy(p => p.Key.Node, StringComparer.Ordinal).ThenBy(p => p.Key.Verdict, StringComparer.Ordinal)
            .Select(p => new VerdictCount(p.Key.Node, p.Key.Verdict, p.Value.Messages, p.Value.Bytes)).ToList();
        return new MessageTotals(verdicts, latency);
    }

    /// <summary>At most this many scanner runs are read for <see cref="Scanners"/>; past it, the newest that many.</summary>
    public const int MaxScannerRuns = 2_000_000;

    /// <summary>
    /// Each scanner's health per node over [from, to): runs by result, time at each quantile (0..1,
    /// nearest rank, runs that answered: clean or found) and the last run. Node, then scanner.
    /// </summary>
    public IReadOnlyList<ScannerHealth> Scanners(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> scope, IReadOnlyList<double> quantiles)
    {
        var inScope = scope.Count == 0 ? "" : $" AND EXISTS (SELECT 1 FROM messages WHERE message_key = s.message_key{ScopeClause(scope)})";
        using var command = Command($"""
            SELECT node, scanner, result, elapsed_ms, time_ms FROM scanner_runs s
            WHERE time_ms >= @from AND time_ms < @to{inScope}
            ORDER BY time_ms DESC LIMIT @max;
            """, scope);
        Range(command, from, to);
        Add(command, "max", MaxScannerRuns);
        var seen = new Dictionary<(string Node, string Scanner), ScannerTally>();
        using (var r = command.ExecuteReader())
        {
            while (r.Read())
            {
                var key = (r.GetString(0), r.GetString(1));
                if (!seen.TryGetValue(key, out var tally))
                {
                    // Newest first: the first run read is the last one made.
                    seen[key] = tally = new ScannerTally(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)));
                }

                tally.Add(r.GetString(2), r.GetDouble(3), r.GetInt64(4));
            }
        }

        return [.. seen.OrderBy(p => p.Key.Node, StringComparer.Ordinal).ThenBy(p => p.Key.Scanner, StringComparer.Ordinal)
            .Select(p => p.Value.ToHealth(p.Key.Node, p.Key.Scanner, quantiles))];
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
        Add($"({dialect.EqualsIgnoringCase("sender", "@address")} OR {dialect.EqualsIgnoringCase("recipient", "@address")})", "address", address);
        Add(dialect.LikeIgnoringCase("subject", "@subject"), "subject", search.Subject is { Length: > 0 } s ? "%" + Like(s.Trim()) + "%" : null);
        var id = search.MessageId?.Trim().Trim('<', '>');
        Add("(message_id = @id OR message_id = '<' || @id || '>')", "id", id);
        Add("verdict = @verdict", "verdict", search.Verdict?.Trim().ToLowerInvariant());
        Add("client_ip = @ip", "ip", search.ClientIp?.Trim());
        Add("time_ms >= @from", "from", search.From?.ToUnixTimeMilliseconds());
        Add("time_ms < @to", "to", search.To?.ToUnixTimeMilliseconds());
        using var command = Command($"SELECT {RowRecord.Columns} FROM messages WHERE {where}{ScopeClause(scope)} ORDER BY time_ms DESC, id DESC LIMIT @limit;", scope);
        foreach (var (name, value) in parameters)
        {
            DashboardReader.Add(command, name, value);
        }

        DashboardReader.Add(command, "limit", limit);
        return Rows(command);
    }

    /// <summary>The rows of one message (every recipient in scope) with its findings and attachments; empty when none is visible.</summary>
    public IReadOnlyList<StoreRow> Message(string messageKey, IReadOnlyList<string> scope)
    {
        using var command = Command($"SELECT {RowRecord.Columns} FROM messages WHERE message_key = @key{ScopeClause(scope)} ORDER BY recipient LIMIT 1000;", scope);
        Add(command, "key", messageKey);
        var rows = Rows(command);
        if (rows.Count == 0)
        {
            return rows;
        }

        var findings = new List<StoredFinding>();
        using (var f = connection.CreateCommand())
        {
            f.CommandText = "SELECT category, rule, detail FROM findings WHERE message_key = @key LIMIT 1000;";
            Add(f, "key", messageKey);
            using var r = f.ExecuteReader();
            while (r.Read())
            {
                findings.Add(new StoredFinding(r.GetString(0), r.GetString(1), r.GetString(2)));
            }
        }

        var attachments = new List<StoredAttachment>();
        using (var a = connection.CreateCommand())
        {
            a.CommandText = "SELECT name, declared_type, detected_type, size FROM attachments WHERE message_key = @key LIMIT 1000;";
            Add(a, "key", messageKey);
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
        command.CommandText = "SELECT message_key FROM messages WHERE quarantine_id = @id LIMIT 1;";
        Add(command, "id", quarantineId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Marks the rows of quarantined message <paramref name="quarantineId"/> with <paramref name="state"/> (released, deleted); the rows changed.</summary>
    public int SetQuarantineState(string quarantineId, string state)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE messages SET quarantine_state = @state WHERE quarantine_id = @id;";
        Add(command, "id", quarantineId);
        Add(command, "state", state);
        return command.ExecuteNonQuery();
    }

    /// <summary>" AND (recipient LIKE '%@' || @scope0 OR …)" for a reviewer's domains (any case); "" for everything.</summary>
    private string ScopeClause(IReadOnlyList<string> scope)
    {
        if (scope.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder(" AND (");
        for (var i = 0; i < scope.Count; i++)
        {
            sb.Append(i == 0 ? "" : " OR ").Append(dialect.LikeIgnoringCase("recipient", "'%@' || @scope" + i.ToString(CultureInfo.InvariantCulture)));
        }

        return sb.Append(')').ToString();
    }

    private DbCommand Command(string sql, IReadOnlyList<string> scope)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < scope.Count; i++)
        {
            Add(command, "scope" + i.ToString(CultureInfo.InvariantCulture), Like(scope[i]));
        }

        return command;
    }

    private static void Range(DbCommand command, DateTimeOffset from, DateTimeOffset to)
    {
        Add(command, "from", from.ToUnixTimeMilliseconds());
        Add(command, "to", to.ToUnixTimeMilliseconds());
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A LIKE pattern's literal part: %, _ and \ escaped.</summary>
    private static string Like(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static List<Ranked> Ranked(DbCommand command)
    {
        var list = new List<Ranked>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(new Ranked(r.IsDBNull(0) ? "" : r.GetString(0), r.GetInt64(1)));
        }

        return list;
    }

    private static List<StoreRow> Rows(DbCommand command)
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
