using Vigil.Engine.Judging;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Plans the notifications about one blocked message and hands each to the transport, one after
/// the other. Never throws for a failed send (the result records it) and never waits longer than
/// the deadline it is given: a slow or dead MTA must not keep a door from answering.
/// </summary>
public sealed class NotificationDispatcher
{
    private readonly NotificationSettings _settings;
    private readonly INotificationSender _sender;

    public NotificationDispatcher(NotificationSettings settings, INotificationSender sender)
    {
        _settings = settings;
        _sender = sender;
    }

    public NotificationSettings Settings => _settings;

    /// <param name="result">The scan result of the blocked message.</param>
    /// <param name="envelope">Its envelope.</param>
    /// <param name="refused">
    /// True when the door refuses the message (reject): the sender learns of it from the refusal
    /// (the SMTP reply or qmail's bounce), so a notification would only tell them twice.
    /// </param>
    /// <param name="cancellation">The deadline; the notifications not sent by then are recorded as failed.</param>
    public async Task<NotificationReport> DispatchAsync(Judgement result, Envelope envelope, bool refused, CancellationToken cancellation)
    {
        var plan = NotificationPlanner.PlanWithReasons(result, envelope, _settings);
        var skipped = new List<SkippedNotification>(plan.Skipped);
        var deliveries = new List<NotificationDelivery>(plan.Notifications.Count);
        foreach (var notification in plan.Notifications)
        {
            if (refused && notification.Audience == NotificationAudience.Sender)
            {
                skipped.Add(new SkippedNotification(NotificationAudience.Sender, notification.Recipient, "the refusal itself tells the sender"));
                continue;
            }

            deliveries.Add(new NotificationDelivery(notification.Audience, notification.Recipient, notification.Subject, await SendAsync(notification, cancellation).ConfigureAwait(false)));
        }

        return new NotificationReport(deliveries, skipped);
    }

    private async Task<SendResult> SendAsync(Notification notification, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested)
        {
            return SendResult.Temporary("not sent: the time for notifications was spent");
        }

        try
        {
            return await _sender.SendAsync(notification, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return SendResult.Temporary("not sent: the time for notifications was spent");
        }
    }
}
