namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>Hands a notification to the MTA with the null envelope sender.</summary>
public interface INotificationSender
{
    /// <summary>Sends <paramref name="notification"/>; failures come back as results, not exceptions (cancellation aside).</summary>
    Task<SendResult> SendAsync(Notification notification, CancellationToken cancellation);
}
