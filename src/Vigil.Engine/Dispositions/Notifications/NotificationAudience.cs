namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>Who a notification is for; each has its own template.</summary>
public enum NotificationAudience
{
    /// <summary>The envelope sender of the blocked message.</summary>
    Sender,

    /// <summary>One envelope recipient of the blocked message.</summary>
    Recipient,

    /// <summary>A response team address from `avguards` (viruses) or `bmguards` (bad mail).</summary>
    Admin,
}
