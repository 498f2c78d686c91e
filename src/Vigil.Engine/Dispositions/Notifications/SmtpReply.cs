namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>One SMTP reply: its code and its text (lines joined by " / ").</summary>
/// <param name="Code">The three-digit code, or 0 when the reply could not be read.</param>
/// <param name="Text">The reply text, for the log.</param>
public sealed record SmtpReply(int Code, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTemporary => Code is >= 400 and < 500 or 0;

    public override string ToString() => Code == 0 ? Text : $"{Code} {Text}";
}
