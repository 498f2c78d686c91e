namespace Vigil.Engine.Gateway;

/// <summary>
/// What a door tells the client when a message is refused: permanent (SMTP 5xx) or not, the
/// enhanced status code (RFC 3463) and our own words, printable ASCII, never text from the mail.
/// </summary>
public sealed record Refusal(bool Permanent, string EnhancedCode, string Text)
{
    /// <summary>The SMTP reply line's code: 554 for a permanent refusal, 451 for a temporary one.</summary>
    public int SmtpCode => Permanent ? 554 : 451;
}
