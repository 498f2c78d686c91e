namespace Vigil.Engine.Dispositions.Logging;

/// <summary>Turns a <see cref="MessageLogRecord"/> into the lines of the chosen <see cref="MessageLogFormat"/>.</summary>
public static class MessageLogFormatter
{
    /// <param name="syslog">True when the lines go to syslog (Qmail-Scanner's syslog form rather than mailstats.csv).</param>
    public static IReadOnlyList<string> Lines(MessageLogFormat format, MessageLogRecord record, LogAnonymizer? anonymizer, bool syslog) =>
        format switch
        {
            MessageLogFormat.QmailScanner when syslog => QmailScannerLogLine.Syslog(record, anonymizer),
            MessageLogFormat.QmailScanner => QmailScannerLogLine.Mailstats(record, anonymizer),
            _ => [MessageLogLine.Format(record, anonymizer)],
        };

    /// <summary>"vigil" or "qmail-scanner" (also "qmailscanner", "mailstats"); null for any other word.</summary>
    public static MessageLogFormat? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "vigil" => MessageLogFormat.Vigil,
        "qmail-scanner" or "qmailscanner" or "mailstats" => MessageLogFormat.QmailScanner,
        _ => null,
    };
}
