using System.Globalization;
using System.Data.Common;
using Vigil.Store.Model;

namespace Vigil.Store.Reading;

/// <summary>
/// The store's read API: what `vigil track`, `vigil report` and `vigil blocklist` ask (and the
/// dashboard will), over SQLite or PostgreSQL alike (<see cref="StoreDialect"/> holds the little
/// that differs), so a report or a blocklist reads what every node of a shared database wrote.
/// Every query is parameterised and bounded by a limit or a time range; counts are of messages
/// (distinct message keys), lists are of rows (message and recipient).
/// </summary>
public sealed class StoreReader(DbConnection connection, StoreDialect dialect)
{
    private const string RowColumns = RowRecord.Columns;

    /// <summary>
    /// Every row for <paramref name="query"/>: an address (sender or recipient, any case) or a
    /// Message-ID (with or without its angle brackets), oldest first, at most <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<StoreRow> Track(string query, int limit = 10_000)
    {
        var q = query.Trim();
        var bare = q.Trim('<', '>');
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {RowColumns} FROM messages
            WHERE {dialect.EqualsIgnoringCase("sender", "@q")} OR {dialect.EqualsIgnoringCase("recipient", "@q")} OR message_id = @bare OR message_id = @bracketed
            ORDER BY time_ms, id LIMIT @limit;
            """;
        Add(command, "q", q);
        Add(command, "bare", bare);
        Add(command, "bracketed", "<" + bare + ">");
        Add(command, "limit", limit);
        return WithDetails(ReadRows(command));
    }

    /// <summary>The rows of [<paramref name="from"/>, <paramref name="to"/>), newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoreRow> Rows(DateTimeOffset from, DateTimeOffset to, int limit)
    {
        using var command = Ranged($"SELECT {RowColumns} FROM messages WHERE time_ms >= @from AND time_ms < @to ORDER BY time_ms DESC, id DESC LIMIT @limit;", from, to);
        Add(command, "limit", limit);
        return WithDetails(ReadRows(command));
    }

    /// <summary>The first and last row's time; null for an empty store.</summary>
    public (DateTimeOffset First, DateTimeOffset Last)? Span()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(time_ms), MAX(time_ms) FROM messages;";
        using var reader = command.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(0)
            ? (DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)))
            : null;
    }

    /// <summary>Messages per UTC day (yyyy-MM-dd, or yyyy-MM with <paramref name="monthly"/>) and verdict, with their bytes.</summary>
    public IReadOnlyList<PeriodCount> Periods(DateTimeOffset from, DateTimeOffset to, bool monthly)
    {
        using var command = Ranged($"""
            SELECT {dialect.Period(monthly)} AS period, verdict, COUNT(*), CAST(SUM(size) AS bigint)
            FROM (SELECT message_key, MIN(time_ms) AS time_ms, MIN(verdict) AS verdict, MAX(size) AS size
                  FROM messages WHERE time_ms >= @from AND time_ms < @to GROUP BY message_key) AS m
            GROUP BY period, verdict ORDER BY period, verdict;
            """, from, to);
        var list = new List<PeriodCount>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new PeriodCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? 0 : reader.GetInt64(3)));
        }

        return list;
    }

    /// <summary>The most frequent finding rules of <paramref name="category"/> (virus: the signature names), by messages.</summary>
    public IReadOnlyList<Ranked> TopRules(string category, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        using var command = Ranged("""
            SELECT f.rule, COUNT(DISTINCT f.message_key) AS n FROM findings f
            WHERE f.category = @category AND f.message_key IN (SELECT message_key FROM messages WHERE time_ms >= @from AND time_ms < @to)
            GROUP BY f.rule ORDER BY n DESC, f.rule LIMIT @limit;
            """, from, to);
        Add(command, "category", category);
        Add(command, "limit", limit);
        return ReadRanked(command);
    }

    /// <summary>Findings of <paramref name="category"/> with their rule and detail (for per-scanner counts), by messages.</summary>
    public IReadOnlyList<StoredFinding> Findings(string category, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        using var command = Ranged("""
            SELECT category, rule, detail FROM findings
            WHERE category = @category AND message_key IN (SELECT message_key FROM messages WHERE time_ms >= @from AND time_ms < @to)
            LIMIT @limit;
            """, from, to);
        Add(command, "category", category);
        Add(command, "limit", limit);
        var list = new List<StoredFinding>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new StoredFinding(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return list;
    }

    /// <summary>Attachment names (or, with <paramref name="byType"/>, their detected-else-declared types) of messages with <paramref name="verdict"/>.</summary>
    public IReadOnlyList<Ranked> TopAttachments(string verdict, bool byType, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        var what = byType ? "COALESCE(a.detected_type, a.declared_type, '(unknown)')" : "a.name";
        using var command = Ranged($"""
            SELECT {what} AS k, COUNT(DISTINCT a.message_key) AS n FROM attachments a
            WHERE a.message_key IN (SELECT message_key FROM messages WHERE verdict = @verdict AND time_ms >= @from AND time_ms < @to)
            GROUP BY k ORDER BY n DESC, k LIMIT @limit;
            """, from, to);
        Add(command, "verdict", verdict);
        Add(command, "limit", limit);
        return ReadRanked(command);
    }

    /// <summary>
    /// Virulator's hit list: the senders, recipients or client IPs (<paramref name="column"/>) with
    /// the most messages of <paramref name="verdict"/>, by messages.
    /// </summary>
    public IReadOnlyList<Ranked> HitList(HitColumn column, string verdict, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        var name = column switch
        {
            HitColumn.Sender => "sender",
            HitColumn.Recipient => "recipient",
            _ => "client_ip",
        };

        // Addresses are counted and shown in lower case: one sender whatever case each node logged
        // it in, and the same list from SQLite (NOCASE columns) and PostgreSQL (case-sensitive).
        var key = column == HitColumn.ClientIp ? name : $"lower({name})";
        using var command = Ranged($"""
            SELECT {key} AS k, COUNT(DISTINCT message_key) AS n FROM messages
            WHERE verdict = @verdict AND time_ms >= @from AND time_ms < @to AND {name} IS NOT NULL AND {name} <> ''
            GROUP BY k ORDER BY n DESC, k LIMIT @limit;
            """, from, to);
        Add(command, "verdict", verdict);
        Add(command, "limit", limit);
        return ReadRanked(command);
    }

    /// <summary>The judging time of each message in the range at the given quantiles (0..1), in ms; empty when there are none.</summary>
    public IReadOnlyList<double> Latency(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<double> quantiles)
    {
        const string Messages = "SELECT MAX(elapsed_ms) AS e FROM messages WHERE time_ms >= @from AND time_ms < @to GROUP BY message_key";
        long count;
        using (var c = Ranged($"SELECT COUNT(*) FROM ({Messages}) AS m;", from, to))
        {
            count = Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        if (count == 0)
        {
            return [];
        }

        var values = new List<double>(quantiles.Count);
        foreach (var q in quantiles)
        {
            var rank = NearestRank.Rank(q, count);
            using var c = Ranged($"SELECT e FROM ({Messages}) AS m ORDER BY e LIMIT 1 OFFSET @offset;", from, to);
            Add(c, "offset", rank - 1);
            values.Add(Convert.ToDouble(c.ExecuteScalar(), CultureInfo.InvariantCulture));
        }

        return values;
    }

    private DbCommand Ranged(string sql, DateTimeOffset from, DateTimeOffset to)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "from", from.ToUnixTimeMilliseconds());
        Add(command, "to", to.ToUnixTimeMilliseconds());
        return command;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static List<Ranked> ReadRanked(DbCommand command)
    {
        var list = new List<Ranked>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new Ranked(reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetInt64(1)));
        }

        return list;
    }

    private static List<StoreRow> ReadRows(DbCommand command)
    {
        var rows = new List<StoreRow>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            rows.Add(RowRecord.Read(r));
        }

        return rows;
    }

    /// <summary>The rows with their messages' findings and attachments.</summary>
    private List<StoreRow> WithDetails(List<StoreRow> rows)
    {
        var findings = new Dictionary<string, List<StoredFinding>>(StringComparer.Ordinal);
        var attachments = new Dictionary<string, List<StoredAttachment>>(StringComparer.Ordinal);
        using var f = connection.CreateCommand();
        f.CommandText = "SELECT category, rule, detail FROM findings WHERE message_key = @key;";
        var fk = Add(f, "key", "");
        using var a = connection.CreateCommand();
        a.CommandText = "SELECT name, declared_type, detected_type, size FROM attachments WHERE message_key = @key;";
        var ak = Add(a, "key", "");
        for (var i = 0; i < rows.Count; i++)
        {
            var key = rows[i].MessageKey;
            if (!findings.TryGetValue(key, out var fl))
            {
                fk.Value = key;
                fl = [];
                using (var r = f.ExecuteReader())
                {
                    while (r.Read())
                    {
                        fl.Add(new StoredFinding(r.GetString(0), r.GetString(1), r.GetString(2)));
                    }
                }

                findings[key] = fl;
                ak.Value = key;
                var al = new List<StoredAttachment>();
                using (var r = a.ExecuteReader())
                {
                    while (r.Read())
                    {
                        al.Add(new StoredAttachment(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3)));
                    }
                }

                attachments[key] = al;
            }

            rows[i] = rows[i] with { Findings = fl, Attachments = attachments[key] };
        }

        return rows;
    }
}
