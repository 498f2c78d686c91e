using System.Globalization;
using System.Text;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// Qmail-Scanner's one-line summary per message and recipient (seed 002, `--log-details`), for
/// scripts such as qs2mrtg that read it:
/// <code>Clear:RC:1(1.2.3.4):SA:0(3.0/5.0):CR:ZIP(encrypted): 0.030769 11569 root@x.y jdoe@y.z More_Power! &lt;msgid&gt; name:size…</code>
/// The status is "Clear" or the finding that blocked the message ("Virus:Eicar-Test-Signature",
/// "Policy:badfilenames:\.exe$", "Format:comment-in-header", "Limits:depth", "Spam:spamd:spam",
/// "Error:…"); then "RC:" (RELAYCLIENT, the client IP in brackets, 127.0.0.1 when none), "SA:"
/// when a spam filter scored it, "CR:" per crypto label, "DLP:" per DLP monitor hit let through.
/// Then the seconds taken, the raw size, envelope sender, one recipient, Subject, Message-ID and
/// the attachments. In the syslog form fields are space-separated with spaces inside a field
/// written "_"; in the mailstats.csv form they are tab-separated, the time (UTC ISO 8601) first.
/// Every field is cleaned as <see cref="LogField"/> does; an empty field is "-".
/// </summary>
public static class QmailScannerLogLine
{
    public const string SyslogTag = "qmail-scanner";
    public const string NoClientIp = "127.0.0.1";

    /// <summary>The status field, e.g. "Clear:RC:1(1.2.3.4):SA:0(3.0/5.0):".</summary>
    public static string Status(MessageLogRecord record)
    {
        var sb = new StringBuilder(96);
        sb.Append(record.Event is { } e ? Event(e) : "Clear").Append(':');
        sb.Append("RC:").Append(record.RelayClient == true ? '1' : '0')
            .Append('(').Append(record.ClientIp is { Length: > 0 } ip ? ip : NoClientIp).Append("):");
        if (record.Spam is { } spam)
        {
            sb.Append(spam).Append(':');
        }

        foreach (var c in record.Crypto)
        {
            sb.Append("CR:").Append(c).Append(':');
        }

        foreach (var d in record.DlpHits)
        {
            sb.Append("DLP:").Append(d).Append(':');
        }

        return sb.ToString();
    }

    /// <summary>The syslog lines (one per recipient, at least one), to be sent under the tag "qmail-scanner".</summary>
    public static IReadOnlyList<string> Syslog(MessageLogRecord record, LogAnonymizer? anonymizer = null) =>
        Lines(record, anonymizer, ' ', withTime: false);

    /// <summary>The mailstats.csv lines (one per recipient, at least one), tab-separated, without line ends.</summary>
    public static IReadOnlyList<string> Mailstats(MessageLogRecord record, LogAnonymizer? anonymizer = null) =>
        Lines(record, anonymizer, '\t', withTime: true);

    private static IReadOnlyList<string> Lines(MessageLogRecord record, LogAnonymizer? anonymizer, char separator, bool withTime)
    {
        var head = new List<string>(4);
        if (withTime)
        {
            head.Add(MessageLogLine.Timestamp(record.Time));
        }

        head.Add(Status(record));
        head.Add((record.ElapsedMilliseconds / 1000.0).ToString("0.000###", CultureInfo.InvariantCulture));
        head.Add(record.Size.ToString(CultureInfo.InvariantCulture));
        head.Add(MessageLogLine.Sender(record, anonymizer) ?? "");

        var tail = new[] { record.Subject, record.MessageId, MessageLogLine.Attachments(record.Attachments) };
        var recipients = record.Recipients.Count == 0 ? [""] : record.Recipients;
        var lines = new List<string>(recipients.Count);
        foreach (var recipient in recipients)
        {
            var sb = new StringBuilder(256);
            foreach (var field in head)
            {
                Append(sb, field, separator);
            }

            Append(sb, MessageLogLine.Address(recipient.Length == 0 ? null : recipient, anonymizer), separator);
            Append(sb, tail[0], separator);
            Append(sb, tail[1], separator);

            // The attachments are already "name:size" pieces joined by spaces, names with "_" for spaces.
            sb.Append(separator).Append(LogField.Clean(tail[2]));
            lines.Add(sb.ToString());
        }

        return lines;
    }

    private static void Append(StringBuilder sb, string? value, char separator)
    {
        if (sb.Length > 0)
        {
            sb.Append(separator);
        }

        var clean = LogField.Clean(value);
        sb.Append(separator == ' ' ? clean.Replace(' ', '_') : clean);
    }

    /// <summary>"policy:badfilenames:x" as "Policy:badfilenames:x"; spaces become "_" so the status stays one field.</summary>
    private static string Event(string label)
    {
        var text = LogField.Clean(label, 255).Replace(' ', '_');
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
