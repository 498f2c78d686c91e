using System.Globalization;
using Vigil.Engine.Policy.Control;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Chooses how notifications leave, from `options` key <c>notifyvia=</c>:
/// <c>qmail-inject</c> (the default: /var/qmail/bin/qmail-inject), <c>qmail-inject:/path</c>,
/// <c>sendmail</c> (/usr/sbin/sendmail), <c>sendmail:/path</c>, <c>smtp</c> (127.0.0.1:25),
/// <c>smtp:host</c> or <c>smtp:host:port</c>. A value it cannot read is reported and the default used.
/// qmail-inject runs with QMAILQUEUE set to the real qmail-queue (<see cref="QmailQueueLocation"/>).
/// </summary>
public static class NotificationTransport
{
    public const string NotifyViaKey = "notifyvia";
    public const string DefaultQmailInject = "/var/qmail/bin/qmail-inject";
    public const string DefaultSendmail = "/usr/sbin/sendmail";

    public static INotificationSender FromOptions(PolicyOptions options, ConfigReport report)
    {
        var sender = Parse(options.Get(NotifyViaKey), out var problem);
        if (problem is not null)
        {
            report.Warning(ControlFileNames.Options, $"{NotifyViaKey}: {problem}; using {DefaultQmailInject}");
        }

        // Our own mail goes straight to the real qmail-queue, not back through `vigil queue`.
        return sender is SendmailNotificationSender { IsQmailInject: true } inject
            ? new SendmailNotificationSender(inject.Program) { Timeout = inject.Timeout, Environment = new Dictionary<string, string> { ["QMAILQUEUE"] = QmailQueueLocation.Resolve(options) } }
            : sender;
    }

    /// <summary>The sender for a `notifyvia=` value; <paramref name="problem"/> is set (and the default returned) when it is unreadable.</summary>
    public static INotificationSender Parse(string? value, out string? problem)
    {
        problem = null;
        var text = value?.Trim() ?? "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        var rest = colon < 0 ? "" : text[(colon + 1)..].Trim();
        switch (kind)
        {
            case "" or "qmail-inject":
                return new SendmailNotificationSender(rest.Length > 0 ? rest : DefaultQmailInject);
            case "sendmail":
                return new SendmailNotificationSender(rest.Length > 0 ? rest : DefaultSendmail);
            case "smtp":
                return Smtp(rest, ref problem);
            default:
                problem = $"'{HeaderText.Sanitize(text, 80)}' is not qmail-inject, sendmail or smtp";
                return new SendmailNotificationSender(DefaultQmailInject);
        }
    }

    private static INotificationSender Smtp(string rest, ref string? problem)
    {
        if (rest.Length == 0)
        {
            return new SmtpNotificationSender("127.0.0.1", 25);
        }

        var colon = rest.LastIndexOf(':');
        if (colon < 0)
        {
            return new SmtpNotificationSender(rest, 25);
        }

        if (int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 && colon > 0)
        {
            return new SmtpNotificationSender(rest[..colon], port);
        }

        problem = $"'{HeaderText.Sanitize(rest, 80)}' is not host:port";
        return new SendmailNotificationSender(DefaultQmailInject);
    }
}
