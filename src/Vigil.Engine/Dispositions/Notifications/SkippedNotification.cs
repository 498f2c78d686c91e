namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>A notification the planner decided not to send, and why (for the log and `--explain`).</summary>
/// <param name="Audience">Who would have been told.</param>
/// <param name="Address">The address that would have been told, sanitised for printing ("" when none).</param>
/// <param name="Reason">Why not, in a few words.</param>
public sealed record SkippedNotification(NotificationAudience Audience, string Address, string Reason);
