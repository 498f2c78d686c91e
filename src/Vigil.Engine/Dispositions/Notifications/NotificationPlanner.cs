using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Decides who is told about a blocked message and renders each notification. The rules, as
/// Qmail-Scanner and QMVC teach:
/// <list type="bullet">
/// <item>clean mail and errors (the message is deferred and retried) notify nobody;</item>
/// <item>the sender hears about bad mail with <c>psender</c> (the default) and also about viruses
/// with <c>sender</c>, never about spam, and never when the sender is unknown, the null sender,
/// a bounce or list robot address, when the message is automatic, bulk or list mail, or when a
/// virus found is one known to forge its sender;</item>
/// <item>each recipient is told with <c>recipient</c> (null sender and robot addresses excepted);</item>
/// <item>the response teams with <c>admin</c>: avguards for viruses, bmguards for bad mail.</item>
/// </list>
/// Addresses are told once each, and only plain addresses (see <see cref="MailAddressText"/>).
/// </summary>
public static class NotificationPlanner
{
    public static IReadOnlyList<Notification> Plan(Judgement result, Envelope envelope, NotificationSettings settings) =>
        PlanWithReasons(result, envelope, settings).Notifications;

    /// <summary>The plan with the notifications left out and why.</summary>
    public static NotificationPlan PlanWithReasons(Judgement result, Envelope envelope, NotificationSettings settings)
    {
        var kind = KindOf(result.Verdict.Kind);
        if (kind is not { } k)
        {
            return NotificationPlan.Empty;
        }

        var now = settings.Clock.GetUtcNow();
        var builder = new Builder(settings, k, TemplateValues.From(result, envelope, settings.RespMail, now), now);

        PlanSender(builder, result, envelope, settings, k);

        if (settings.NotifyRecipients)
        {
            foreach (var recipient in envelope.Recipients)
            {
                if (!builder.HasRoomFor(NotificationAudience.Recipient))
                {
                    builder.Skip(NotificationAudience.Recipient, recipient, $"more than {settings.MaxNotificationsPerAudience} recipients");
                    break;
                }

                var why = AddressProblem(recipient);
                if (why is null)
                {
                    builder.Add(NotificationAudience.Recipient, recipient);
                }
                else
                {
                    builder.Skip(NotificationAudience.Recipient, recipient, why);
                }
            }
        }

        if (settings.NotifyAdmins && k != NotificationKind.Spam)
        {
            foreach (var guard in k == NotificationKind.Virus ? settings.AvGuards : settings.BmGuards)
            {
                if (!builder.HasRoomFor(NotificationAudience.Admin))
                {
                    break;
                }

                if (MailAddressText.IsSafe(guard))
                {
                    builder.Add(NotificationAudience.Admin, guard);
                }
            }
        }

        return builder.ToPlan();
    }

    /// <summary>The kind of notification a verdict calls for, or null when nobody is told.</summary>
    public static NotificationKind? KindOf(VerdictKind verdict) => verdict switch
    {
        VerdictKind.Virus => NotificationKind.Virus,
        VerdictKind.Policy or VerdictKind.Format or VerdictKind.Limits => NotificationKind.Policy,
        VerdictKind.Spam => NotificationKind.Spam,
        _ => null,
    };

    private static void PlanSender(Builder builder, Judgement result, Envelope envelope, NotificationSettings settings, NotificationKind kind)
    {
        var sender = envelope.Sender ?? "";
        var wanted = kind switch
        {
            NotificationKind.Virus => settings.NotifySender,
            NotificationKind.Policy => settings.NotifySender || settings.NotifyPolicySender,
            _ => false,
        };
        if (!wanted)
        {
            var why = kind switch
            {
                NotificationKind.Virus => "viruses are not reported to the sender (most senders are forged); notify=sender changes that",
                NotificationKind.Spam => "spam is never reported to the sender",
                _ => "notify has neither sender nor psender",
            };
            builder.Skip(NotificationAudience.Sender, sender, why);
            return;
        }

        var problem = envelope.Sender is null ? "sender unknown"
            : AddressProblem(sender)
            ?? (result.Analysis is { } analysis ? AutomatedMail.WhyAutomatic(analysis.Root.Headers) : null);
        if (problem is null && kind == NotificationKind.Virus && settings.ForgingViruses.FindForger(result.Verdict.Findings) is { } forger)
        {
            problem = $"{HeaderText.Sanitize(forger, 80)} forges its senders";
        }

        if (problem is null)
        {
            builder.Add(NotificationAudience.Sender, sender);
        }
        else
        {
            builder.Skip(NotificationAudience.Sender, sender, problem);
        }
    }

    /// <summary>Why an envelope address must not be written to, or null when it may.</summary>
    private static string? AddressProblem(string address)
    {
        if (address.Length == 0 || address == "<>")
        {
            return "null sender";
        }

        if (!MailAddressText.IsSafe(address))
        {
            return "not a plain address";
        }

        return AutomatedMail.WhyRoleAddress(address);
    }

    /// <summary>Collects the plan: renders each notification, tells each address once per audience.</summary>
    private sealed class Builder(NotificationSettings settings, NotificationKind kind, TemplateValues values, DateTimeOffset now)
    {
        private readonly List<Notification> _notifications = [];
        private readonly List<SkippedNotification> _skipped = [];
        private readonly HashSet<string> _told = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<NotificationAudience, int> _counts = [];

        public bool HasRoomFor(NotificationAudience audience) =>
            _counts.GetValueOrDefault(audience) < settings.MaxNotificationsPerAudience;

        public void Add(NotificationAudience audience, string address)
        {
            // One notification per address: a guard who is also the recipient gets the admin
            // text only once per audience, and a recipient listed twice is told once.
            if (!_told.Add(audience + "\n" + address))
            {
                return;
            }

            _counts[audience] = _counts.GetValueOrDefault(audience) + 1;
            var language = settings.Languages.For(address);
            var template = settings.Templates.Get(language, kind, audience);
            var (subject, message) = NotificationComposer.Compose(template, values, settings.RespMail, address, settings.HostName, now);
            _notifications.Add(new Notification(audience, kind, address, language, subject, message));
        }

        public void Skip(NotificationAudience audience, string address, string reason) =>
            _skipped.Add(new SkippedNotification(audience, MailAddressText.ForDisplay(address), reason));

        public NotificationPlan ToPlan() => new(_notifications, _skipped);
    }
}
