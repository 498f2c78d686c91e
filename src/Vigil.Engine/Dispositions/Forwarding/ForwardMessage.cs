using System.Security.Cryptography;
using System.Text;
using Vigil.Engine.Dispositions.Notifications;

namespace Vigil.Engine.Dispositions.Forwarding;

/// <summary>
/// Builds the message that carries a blocked message to the `vmforward`/`bmforward` addresses: a
/// short text part saying what was found (every value from the message sanitised, as in
/// notifications), and the original attached byte for byte as base64
/// <c>application/octet-stream</c>, so no mail reader renders or runs it by accident (the seed
/// warns against forwarding virus mail to vulnerable clients) and no transport alters it.
/// The header <see cref="MarkerHeader"/> lets Vigil recognise its own forwards and never forward
/// one again (a forward that passes through a Vigil door is blocked again).
/// </summary>
public static class ForwardMessage
{
    public const string MarkerHeader = "X-Vigil-Forwarded";
    public const string AttachmentName = "blocked-message.eml";

    /// <param name="values">The message's sanitised values (sender, recipients, subject, verdict, findings, id).</param>
    /// <param name="list">The control file the recipients come from, named in the text.</param>
    public static byte[] Build(TemplateValues values, ReadOnlySpan<byte> original, string from, IReadOnlyList<string> to, string list, string hostName, DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        var boundary = "vigil-forward-" + Convert.ToHexStringLower(random);
        var subject = HeaderText.Sanitize($"[Vigil] blocked {values["verdict"]} mail: {values["subject"]}", 250);

        var text = new StringBuilder();
        text.Append("Vigil blocked the attached message and forwards a copy as configured in ").Append(list).Append(".\n\n");
        text.Append("Verdict:    ").Append(values["verdict"]).Append('\n');
        text.Append("Sender:     ").Append(values["sender"]).Append('\n');
        text.Append("Recipients: ").Append(values["recipients"]).Append('\n');
        text.Append("Subject:    ").Append(values["subject"]).Append('\n');
        text.Append("Message-ID: ").Append(values["id"]).Append('\n');
        text.Append("Findings:\n").Append(values["findings"]).Append("\n\n");
        text.Append("The original is attached unchanged as ").Append(AttachmentName).Append(" (application/octet-stream).\n");
        text.Append("Handle it with care: it was blocked for a reason.\n");

        var sb = new StringBuilder(original.Length * 4 / 3 + 2048);
        sb.Append("Date: ").Append(TemplateValues.Rfc5322Date(now)).Append("\r\n");
        sb.Append("From: ").Append(from).Append("\r\n");
        sb.Append("To: ").Append(string.Join(", ", to)).Append("\r\n");
        sb.Append("Subject: ").Append(EncodedWords.Encode(subject)).Append("\r\n");
        sb.Append("Message-ID: ").Append(NotificationComposer.NewMessageId(hostName, now)).Append("\r\n");
        sb.Append("MIME-Version: 1.0\r\n");
        sb.Append("Auto-Submitted: auto-generated\r\n");
        sb.Append(MarkerHeader).Append(": ").Append(list).Append("\r\n");
        sb.Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\r\n");
        sb.Append("\r\n");
        sb.Append("This is a MIME message.\r\n");
        sb.Append("--").Append(boundary).Append("\r\n");
        sb.Append("Content-Type: text/plain; charset=utf-8\r\n");
        sb.Append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        sb.Append(QuotedPrintable.Encode(text.ToString()));
        if (sb[^1] != '\n')
        {
            sb.Append("\r\n");
        }

        sb.Append("--").Append(boundary).Append("\r\n");
        sb.Append("Content-Type: application/octet-stream; name=\"").Append(AttachmentName).Append("\"\r\n");
        sb.Append("Content-Disposition: attachment; filename=\"").Append(AttachmentName).Append("\"\r\n");
        sb.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        sb.Append(Convert.ToBase64String(original, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        sb.Append("--").Append(boundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
