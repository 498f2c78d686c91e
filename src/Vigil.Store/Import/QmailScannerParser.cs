using Vigil.Store.Model;

namespace Vigil.Store.Import;

/// <summary>
/// Qmail-Scanner's one line per message and recipient (seed 002), as syslog has it:
/// <c>Aug 14 16:22:41 srvname qmail-scanner[30802]: Clear:RC:1(1.2.3.4): 0.030769 11569 sender recipient Subject_with_underscores &lt;message-id&gt; name:size…</c>
/// (space-separated, spaces inside a field written "_"), or as mailstats.csv has it:
/// tab-separated <c>time status seconds size sender recipient subject message-id attachments</c>.
/// The line is the key; Qmail-Scanner's own lines for one SMTP transaction share its PID, but
/// each names its one recipient, so each is its own row.
/// </summary>
public static class QmailScannerParser
{
    public const string Door = "qmail-scanner";

    public static ParsedLine ParseSyslog(string line, ImportContext context)
    {
        if (!SyslogPrefix.TryStrip(line, "qmail-scanner", out var date, out var host, out var message))
        {
            return ParsedLine.Failed("not a qmail-scanner[PID]: syslog line");
        }

        if (!ImportFields.TrySyslogTime(date, context, out var time))
        {
            return ParsedLine.Failed($"'{date}' is not a syslog date");
        }

        var f = message.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 7)
        {
            return ParsedLine.Failed($"expected at least 7 space-separated fields after the tag, found {f.Length}");
        }

        return Row(line, context, time, host, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7..]);
    }

    public static ParsedLine ParseMailstats(string line, ImportContext context)
    {
        var f = line.Split('\t');
        if (f.Length < 8)
        {
            return ParsedLine.Failed($"expected at least 8 tab-separated fields, found {f.Length}");
        }

        if (!ImportFields.TryTime(f[0], context, out var time))
        {
            return ParsedLine.Failed($"'{f[0]}' is not a time");
        }

        var attachments = f.Length > 8 ? string.Join(' ', f[8..]).Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        return Row(line, context, time, null, f[1], f[2], f[3], f[4], f[5], f[6], f[7], attachments);
    }

    private static ParsedLine Row(string line, ImportContext context, DateTimeOffset time, string? host, string status, string seconds, string size,
        string sender, string recipient, string subject, string messageId, IEnumerable<string> attachments)
    {
        if (!ImportFields.TryDouble(seconds, out var elapsed) || !ImportFields.TryLong(size, out var bytes))
        {
            return ParsedLine.Failed($"'{seconds}' (seconds) and '{size}' (bytes) must be numbers");
        }

        var s = QmailScannerStatus.Parse(status);
        return ParsedLine.Of([new StoreRow
        {
            MessageKey = StoreRows.KeyOf(line),
            Time = time,
            Door = Door,
            Node = host ?? context.Node,
            Verdict = s.Verdict,
            Findings = s.Findings,
            Size = bytes,
            ElapsedMilliseconds = elapsed * 1000,
            Sender = ImportFields.Sender(sender),
            Recipient = ImportFields.Value(recipient),
            ClientIp = s.ClientIp,
            RelayClient = s.RelayClient,
            Subject = ImportFields.Value(subject),
            MessageId = ImportFields.Value(messageId),
            Attachments = ImportFields.Attachments(attachments),
            LogLine = line,
            Source = context.Source,
        }]);
    }
}
