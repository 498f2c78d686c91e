using System.Globalization;
using System.Text;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// Formats the one line per message of the message log, tab-separated, in Qmail-Scanner's field
/// order (see <see cref="Fields"/>):
/// <c>time door verdict findings size elapsed_ms sender recipients subject message_id client_ip attachments</c>.
/// time is UTC ISO 8601 with milliseconds; findings are "category:rule" joined by "; ";
/// the null sender is "&lt;&gt;", or QMVC's "(=bounce@from=)" / "(-other@from-)" (see <see cref="NullSenderLabel"/>); recipients are joined by ","; attachments are "name:size"
/// joined by spaces, with spaces inside a name written "_" (as Qmail-Scanner's syslog lines do).
/// Every field goes through <see cref="LogField.Clean"/>: no field can hold a tab or a line
/// break, and an empty field is "-". The line has no line end.
/// </summary>
public static class MessageLogLine
{
    public static IReadOnlyList<string> Fields { get; } =
        ["time", "door", "verdict", "findings", "size", "elapsed_ms", "sender", "recipients", "subject", "message_id", "client_ip", "attachments"];

    public static string Format(MessageLogRecord record, LogAnonymizer? anonymizer = null)
    {
        var sb = new StringBuilder(256);
        Append(sb, Timestamp(record.Time));
        Append(sb, record.Door);
        Append(sb, record.Verdict);
        Append(sb, string.Join("; ", record.Findings));
        Append(sb, record.Size.ToString(CultureInfo.InvariantCulture));
        Append(sb, record.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture));
        Append(sb, Sender(record, anonymizer));
        Append(sb, Recipients(record.Recipients, anonymizer));
        Append(sb, record.Subject);
        Append(sb, record.MessageId);
        Append(sb, record.ClientIp);
        Append(sb, Attachments(record.Attachments));
        return sb.ToString();
    }

    /// <summary>The time as yyyy-MM-ddTHH:mm:ss.fffZ (UTC).</summary>
    internal static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder sb, string? value)
    {
        if (sb.Length > 0)
        {
            sb.Append('\t');
        }

        sb.Append(LogField.Clean(value));
    }

    /// <summary>The envelope sender; null-sender mail labelled as QMVC does (see <see cref="NullSenderLabel"/>).</summary>
    internal static string? Sender(MessageLogRecord record, LogAnonymizer? anonymizer) =>
        record.Sender is { } s && (s.Length == 0 || s == NullSenderLabel.Plain)
            ? NullSenderLabel.Format(record.NullSender, anonymizer)
            : Address(record.Sender, anonymizer);

    internal static string? Address(string? address, LogAnonymizer? anonymizer)
    {
        if (address is null)
        {
            return null;
        }

        if (address.Length == 0 || address == "<>")
        {
            return "<>";
        }

        return anonymizer is null ? address : anonymizer.Address(address);
    }

    private static string Recipients(IReadOnlyList<string> recipients, LogAnonymizer? anonymizer)
    {
        var sb = new StringBuilder();
        foreach (var r in recipients)
        {
            if (sb.Length > LogField.MaxLength)
            {
                break;
            }

            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(Address(r, anonymizer));
        }

        return sb.ToString();
    }

    internal static string Attachments(IReadOnlyList<LoggedAttachment> attachments)
    {
        var sb = new StringBuilder();
        foreach (var (name, size) in attachments)
        {
            if (sb.Length > LogField.MaxLength)
            {
                break;
            }

            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            // Cleaned first, so a tab or line break inside the name also becomes "_".
            sb.Append(LogField.Clean(name, 255).Replace(' ', '_')).Append(':').Append(size.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
