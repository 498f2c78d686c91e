namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// One editable template: a first line `Subject: ...`, a blank line, then the body. Placeholders
/// in braces ({sender}, {recipients}, {subject}, {verdict}, {findings}, {date}, {id}, {respmail})
/// are filled in; any other text in braces is left as written.
/// </summary>
/// <param name="Subject">The subject line text with its placeholders.</param>
/// <param name="Body">The body with its placeholders, LF line ends.</param>
/// <param name="Origin">Where it came from: a path, or "(built-in)/lang/name".</param>
public sealed record NotificationTemplate(string Subject, string Body, string Origin)
{
    /// <summary>Used when a template has no `Subject:` line.</summary>
    public const string FallbackSubject = "Mail notification: {verdict}";

    /// <summary>Reads template text; never fails (a template without a Subject line gets <see cref="FallbackSubject"/>).</summary>
    public static NotificationTemplate Parse(string text, string origin)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        if (text.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
        {
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            var subject = (end < 0 ? text[8..] : text[8..end]).Trim();
            var body = end < 0 ? "" : text[(end + 1)..];

            // The blank line that separates subject and body is not part of the body.
            if (body.StartsWith('\n'))
            {
                body = body[1..];
            }

            return new NotificationTemplate(subject, body, origin);
        }

        return new NotificationTemplate(FallbackSubject, text, origin);
    }
}
