using System.Security.Cryptography;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// Where a door writes its message log lines and whether addresses are hidden, from `options`:
/// <code>
///   log=stderr                    # the door's default: qmail-smtpd's multilog records stderr
///   log=stdout | none
///   log=syslog                    # mail.info on /dev/log; log=syslog:local3 for another facility
///   log=file:/var/log/vigil/mail.log   # or just an absolute path; appended with O_APPEND
///   anonymizekey=/etc/vigil/logkey     # hide local parts (HMAC with the key file's secret)
///   logformat=vigil               # or qmail-scanner: Qmail-Scanner's syslog line (tag qmail-scanner)
///                                 # with log=syslog, its mailstats.csv line anywhere else
/// </code>
/// A bad `log=` value falls back to the door's default and is reported: a message never waits
/// for its log line. A key file that cannot be read (or holds under 16 bytes) still hides the
/// addresses, under a random key for this process only, so a broken key never leaks who wrote to
/// whom; only linking tokens across runs is lost, and that is reported.
/// </summary>
public sealed class MessageLogSettings
{
    public const string LogKey = "log";
    public const string AnonymizeKeyKey = "anonymizekey";
    public const string LogFormatKey = "logformat";

    private MessageLogSettings(IMessageLogWriter? writer, LogAnonymizer? anonymizer, MessageLogFormat format, IReadOnlyList<string> problems)
    {
        Writer = writer;
        Format = format;
        Anonymizer = anonymizer;
        Problems = problems;
    }

    /// <summary>The writer; null for `log=none`.</summary>
    public IMessageLogWriter? Writer { get; }

    public LogAnonymizer? Anonymizer { get; }

    /// <summary>The line layout (`logformat=`); Vigil's own unless set.</summary>
    public MessageLogFormat Format { get; }

    /// <summary>The lines for one message in this layout.</summary>
    public IReadOnlyList<string> Lines(MessageLogRecord record) =>
        MessageLogFormatter.Lines(Format, record, Anonymizer, Writer is SyslogMessageLogWriter);

    /// <summary>What was wrong with the settings (each already handled as described above).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Reads the settings; <paramref name="doorDefault"/> makes the writer (or none) when `log=` is unset or bad.</summary>
    public static MessageLogSettings From(PolicyOptions options, Func<IMessageLogWriter?> doorDefault)
    {
        var problems = new List<string>();
        var format = MessageLogFormatter.Parse(options.Get(LogFormatKey));
        if (format is null)
        {
            problems.Add($"{LogFormatKey}: '{options.Get(LogFormatKey)?.Trim()}' is not vigil or qmail-scanner; Vigil's own format is used");
        }

        var tag = format == MessageLogFormat.QmailScanner ? QmailScannerLogLine.SyslogTag : "vigil";
        var writer = CreateWriter(options.Get(LogKey), doorDefault, tag, problems);
        var anonymizer = CreateAnonymizer(options.Get(AnonymizeKeyKey), problems);
        return new MessageLogSettings(writer, anonymizer, format ?? MessageLogFormat.Vigil, problems);
    }

    private static IMessageLogWriter? CreateWriter(string? value, Func<IMessageLogWriter?> doorDefault, string tag, List<string> problems)
    {
        var text = value?.Trim() ?? "";
        switch (text.ToLowerInvariant())
        {
            case "" or "stderr":
                return text.Length == 0 ? doorDefault() : new StdoutMessageLogWriter(Console.OpenStandardError());
            case "stdout":
                return new StdoutMessageLogWriter();
            case "none" or "off":
                return null;
            case "syslog":
                return new SyslogMessageLogWriter(tag: tag);
        }

        if (text.StartsWith("syslog:", StringComparison.OrdinalIgnoreCase))
        {
            if (SyslogFacility(text["syslog:".Length..]) is { } facility)
            {
                return new SyslogMessageLogWriter(tag: tag, facility: facility);
            }

            problems.Add($"{LogKey}: unknown syslog facility in '{text}' (mail, user, daemon, local0-local7)");
            return doorDefault();
        }

        var path = text.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? text["file:".Length..] : text;
        if (Path.IsPathFullyQualified(path))
        {
            return new FileMessageLogWriter(path);
        }

        problems.Add($"{LogKey}: '{text}' is not stderr, stdout, none, syslog[:facility] or file:/absolute/path");
        return doorDefault();
    }

    private static int? SyslogFacility(string name) => name.Trim().ToLowerInvariant() switch
    {
        "user" => 1,
        "mail" => SyslogMessageLogWriter.MailFacility,
        "daemon" => 3,
        ['l', 'o', 'c', 'a', 'l', var d] when d is >= '0' and <= '7' => 16 + (d - '0'),
        _ => null,
    };

    private static LogAnonymizer? CreateAnonymizer(string? keyFile, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(keyFile))
        {
            return null;
        }

        string? text = null;
        try
        {
            text = File.ReadAllText(keyFile.Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{AnonymizeKeyKey}: cannot read {keyFile.Trim()}: {e.Message}; addresses are hidden under a one-run key");
        }

        if (LogAnonymizer.FromText(text) is { } anonymizer)
        {
            return anonymizer;
        }

        if (text is not null)
        {
            problems.Add($"{AnonymizeKeyKey}: {keyFile.Trim()} holds under 16 bytes of secret; addresses are hidden under a one-run key");
        }

        return new LogAnonymizer(RandomNumberGenerator.GetBytes(32));
    }
}
