using Vigil.Engine.Smtp;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>One SMTP reply: its code and its text (lines joined by " / ").</summary>
/// <param name="Code">The three-digit code, or 0 when the reply could not be read.</param>
/// <param name="Text">The reply text, for the log.</param>
public sealed record SmtpReply(int Code, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTemporary => Code is >= 400 and < 500 or 0;

    public override string ToString() => Code == 0 ? Text : $"{Code} {Text}";

    /// <summary>The reply as read, or a code of 0 (temporary) saying why there is none; the server's text made safe for the log.</summary>
    internal static SmtpReply From(SmtpReplyResult read) => read.Fault switch
    {
        SmtpReplyFault.None => new(read.Code, string.Join(" / ", read.Lines.Select(Printable))),
        SmtpReplyFault.Closed => new(0, "connection closed by the server"),
        SmtpReplyFault.NotSmtp => new(0, "not an SMTP reply: " + Printable(read.Lines[0])),
        SmtpReplyFault.LineTooLong => new(0, $"a reply line longer than {SmtpReplyReader.MaxLineBytes} bytes"),
        _ => new(0, $"reply longer than {SmtpReplyReader.MaxLines} lines"),
    };

    private static string Printable(string s) => HeaderText.Sanitize(s, 300);
}
