namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// One notification ready to send: a complete RFC 5322 message for one address. It always goes
/// out with the null envelope sender "&lt;&gt;", so a notification can never bounce into a loop.
/// </summary>
/// <param name="Audience">Who it is for (chooses the template).</param>
/// <param name="Kind">What it is about (chooses the template).</param>
/// <param name="Recipient">The one envelope recipient, already checked to be a plain address.</param>
/// <param name="Language">The template language used ("en", "de", ...).</param>
/// <param name="Subject">The decoded Subject line, for logs and tests.</param>
/// <param name="Message">The message: CRLF line ends, headers then body.</param>
public sealed record Notification(
    NotificationAudience Audience,
    NotificationKind Kind,
    string Recipient,
    string Language,
    string Subject,
    ReadOnlyMemory<byte> Message)
{
    /// <summary>The envelope sender every notification uses: the null sender.</summary>
    public string EnvelopeSender => "";
}
