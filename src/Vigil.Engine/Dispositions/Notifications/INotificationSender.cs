namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>Hands a notification to the MTA with the null envelope sender.</summary>
public interface INotificationSender
{
    /// <summary>Sends <paramref name="notification"/>; failures come back as results, not exceptions (cancellation aside).</summary>
    Task<SendResult> SendAsync(Notification notification, CancellationToken cancellation);

    /// <summary>
    /// Sends a complete message to several recipients in one go (forwarding). The recipients must be
    /// plain addresses (<see cref="MailAddressText.IsSafe"/>); the sender is "" for the null sender.
    /// </summary>
    Task<SendResult> SendAsync(string envelopeSender, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellation);
}
