namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>The planner's decision: the notifications to send and the ones left out with the reason.</summary>
public sealed record NotificationPlan(IReadOnlyList<Notification> Notifications, IReadOnlyList<SkippedNotification> Skipped)
{
    public static NotificationPlan Empty { get; } = new([], []);
}
