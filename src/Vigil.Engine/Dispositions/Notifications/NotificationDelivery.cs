namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>One notification that was handed to the transport, and how that went.</summary>
/// <param name="Audience">Who it was for.</param>
/// <param name="Recipient">The address told (a checked plain address).</param>
/// <param name="Subject">The notification's subject, for logs and tests.</param>
/// <param name="Result">Sent, or why not.</param>
public sealed record NotificationDelivery(NotificationAudience Audience, string Recipient, string Subject, SendResult Result);
