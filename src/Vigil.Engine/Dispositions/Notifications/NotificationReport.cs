namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// What became of the notifications about one message: each one handed to the transport with its
/// result (sent or failed), and each one the planner left out with the reason.
/// </summary>
public sealed record NotificationReport(IReadOnlyList<NotificationDelivery> Deliveries, IReadOnlyList<SkippedNotification> Skipped)
{
    public static NotificationReport Empty { get; } = new([], []);

    /// <summary>The notifications the transport accepted.</summary>
    public IEnumerable<NotificationDelivery> Sent => Deliveries.Where(d => d.Result.IsSent);

    /// <summary>The notifications that could not be handed on (reported; the message is not affected).</summary>
    public IEnumerable<NotificationDelivery> Failed => Deliveries.Where(d => !d.Result.IsSent);
}
