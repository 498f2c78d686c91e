using System.Data.Common;
using Vigil.Store.Model;

namespace Vigil.Store.Reading;

/// <summary>
/// A row from the columns every backend selects in this order (SQLite and PostgreSQL alike):
/// message_key, time_ms, door, node, verdict, outcome, size, elapsed_ms, sender, recipient,
/// client_ip, relay_client, helo, subject, message_id, quarantine_id, quarantine_folder,
/// quarantine_state, log_line, source. Findings and attachments are read apart.
/// </summary>
internal static class RowRecord
{
    public const string Columns = """
        message_key, time_ms, door, node, verdict, outcome, size, elapsed_ms, sender, recipient, client_ip, relay_client,
        helo, subject, message_id, quarantine_id, quarantine_folder, quarantine_state, log_line, source
        """;

    public static StoreRow Read(DbDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new StoreRow
        {
            MessageKey = r.GetString(0),
            Time = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
            Door = r.GetString(2),
            Node = r.GetString(3),
            Verdict = r.GetString(4),
            Outcome = r.GetString(5),
            Size = r.GetInt64(6),
            ElapsedMilliseconds = r.GetDouble(7),
            Sender = S(8),
            Recipient = S(9) is { Length: > 0 } rcpt ? rcpt : null,
            ClientIp = S(10),
            // SQLite keeps the flag as an integer, PostgreSQL as a boolean.
            RelayClient = r.IsDBNull(11) ? null : r.GetFieldType(11) == typeof(bool) ? r.GetBoolean(11) : r.GetInt64(11) != 0,
            Helo = S(12),
            Subject = S(13),
            MessageId = S(14),
            QuarantineId = S(15),
            QuarantineFolder = S(16),
            QuarantineState = S(17),
            LogLine = S(18),
            Source = r.GetString(19),
        };
    }
}
