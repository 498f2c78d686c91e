using Microsoft.Data.Sqlite;
using Vigil.Store.Model;

namespace Vigil.Store.Sqlite;

/// <summary>Prepared inserts for one transaction: a message's findings, attachments and scanner runs go in with its first new row.</summary>
internal sealed class RowInserter
{
    private readonly SqliteCommand _message;
    private readonly SqliteCommand _finding;
    private readonly SqliteCommand _attachment;
    private readonly SqliteCommand _scanner;

    public RowInserter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _message = connection.CreateCommand();
        _message.Transaction = transaction;
        _message.CommandText = """
            INSERT OR IGNORE INTO messages (message_key, time_ms, door, node, verdict, outcome, findings, size, elapsed_ms,
              sender, recipient, client_ip, relay_client, helo, subject, message_id, attachments,
              quarantine_id, quarantine_folder, quarantine_state, log_line, source)
            VALUES ($key, $time, $door, $node, $verdict, $outcome, $findings, $size, $elapsed,
              $sender, $recipient, $ip, $relay, $helo, $subject, $mid, $attachments,
              $qid, $qfolder, $qstate, $log, $source);
            """;
        foreach (var name in new[] { "$key", "$time", "$door", "$node", "$verdict", "$outcome", "$findings", "$size", "$elapsed", "$sender", "$recipient", "$ip", "$relay", "$helo", "$subject", "$mid", "$attachments", "$qid", "$qfolder", "$qstate", "$log", "$source" })
        {
            _message.Parameters.Add(new SqliteParameter(name, null));
        }

        _finding = connection.CreateCommand();
        _finding.Transaction = transaction;
        _finding.CommandText = "INSERT INTO findings (message_key, category, rule, detail) VALUES ($key, $category, $rule, $detail);";
        foreach (var name in new[] { "$key", "$category", "$rule", "$detail" })
        {
            _finding.Parameters.Add(new SqliteParameter(name, null));
        }

        _attachment = connection.CreateCommand();
        _attachment.Transaction = transaction;
        _attachment.CommandText = "INSERT INTO attachments (message_key, name, declared_type, detected_type, size) VALUES ($key, $name, $declared, $detected, $size);";
        foreach (var name in new[] { "$key", "$name", "$declared", "$detected", "$size" })
        {
            _attachment.Parameters.Add(new SqliteParameter(name, null));
        }

        _scanner = connection.CreateCommand();
        _scanner.Transaction = transaction;
        _scanner.CommandText = "INSERT INTO scanner_runs (message_key, node, time_ms, scanner, result, elapsed_ms) VALUES ($key, $node, $time, $scanner, $result, $elapsed);";
        foreach (var name in new[] { "$key", "$node", "$time", "$scanner", "$result", "$elapsed" })
        {
            _scanner.Parameters.Add(new SqliteParameter(name, null));
        }
    }

    public int Insert(IReadOnlyList<StoreRow> rows)
    {
        var added = 0;
        var detailed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (InsertMessage(row) == 0)
            {
                continue;
            }

            added++;
            // A message seen for the first time (in this batch) gets its findings and attachments once.
            if (detailed.Add(row.MessageKey) && IsFirstRow(row))
            {
                InsertDetails(row);
            }
        }

        return added;
    }

    private int InsertMessage(StoreRow r)
    {
        var p = _message.Parameters;
        p["$key"].Value = r.MessageKey;
        p["$time"].Value = r.Time.ToUnixTimeMilliseconds();
        p["$door"].Value = r.Door;
        p["$node"].Value = r.Node;
        p["$verdict"].Value = r.Verdict;
        p["$outcome"].Value = r.Outcome;
        p["$findings"].Value = RowText.Findings(r.Findings);
        p["$size"].Value = r.Size;
        p["$elapsed"].Value = r.ElapsedMilliseconds;
        p["$sender"].Value = (object?)r.Sender ?? DBNull.Value;
        p["$recipient"].Value = r.Recipient ?? "";
        p["$ip"].Value = (object?)r.ClientIp ?? DBNull.Value;
        p["$relay"].Value = r.RelayClient is { } relay ? (relay ? 1 : 0) : DBNull.Value;
        p["$helo"].Value = (object?)r.Helo ?? DBNull.Value;
        p["$subject"].Value = (object?)r.Subject ?? DBNull.Value;
        p["$mid"].Value = (object?)r.MessageId ?? DBNull.Value;
        p["$attachments"].Value = RowText.Attachments(r.Attachments);
        p["$qid"].Value = (object?)r.QuarantineId ?? DBNull.Value;
        p["$qfolder"].Value = (object?)r.QuarantineFolder ?? DBNull.Value;
        p["$qstate"].Value = (object?)r.QuarantineState ?? DBNull.Value;
        p["$log"].Value = (object?)r.LogLine ?? DBNull.Value;
        p["$source"].Value = r.Source;
        return _message.ExecuteNonQuery();
    }

    /// <summary>No other row of the message was there before this batch (an import of a partly imported file adds no second copy).</summary>
    private bool IsFirstRow(StoreRow row)
    {
        using var command = _message.Connection!.CreateCommand();
        command.Transaction = _message.Transaction;
        command.CommandText = "SELECT COUNT(*) FROM findings WHERE message_key = $key UNION ALL SELECT COUNT(*) FROM attachments WHERE message_key = $key UNION ALL SELECT COUNT(*) FROM scanner_runs WHERE message_key = $key;";
        command.Parameters.AddWithValue("$key", row.MessageKey);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetInt64(0) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private void InsertDetails(StoreRow row)
    {
        foreach (var f in row.Findings)
        {
            var p = _finding.Parameters;
            p["$key"].Value = row.MessageKey;
            p["$category"].Value = f.Category;
            p["$rule"].Value = f.Rule;
            p["$detail"].Value = f.Detail;
            _finding.ExecuteNonQuery();
        }

        foreach (var a in row.Attachments)
        {
            var p = _attachment.Parameters;
            p["$key"].Value = row.MessageKey;
            p["$name"].Value = a.Name;
            p["$declared"].Value = (object?)a.DeclaredType ?? DBNull.Value;
            p["$detected"].Value = (object?)a.DetectedType ?? DBNull.Value;
            p["$size"].Value = a.Size;
            _attachment.ExecuteNonQuery();
        }

        foreach (var s in row.Scanners)
        {
            var p = _scanner.Parameters;
            p["$key"].Value = row.MessageKey;
            p["$node"].Value = row.Node;
            p["$time"].Value = row.Time.ToUnixTimeMilliseconds();
            p["$scanner"].Value = s.Scanner;
            p["$result"].Value = s.Result;
            p["$elapsed"].Value = s.ElapsedMilliseconds;
            _scanner.ExecuteNonQuery();
        }
    }
}
