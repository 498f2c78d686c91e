namespace Vigil.Engine.Smtp;

/// <summary>
/// Why <see cref="SmtpReplyReader"/> has no reply to give. Each one leaves the conversation out of
/// step, so the caller closes the connection.
/// </summary>
public enum SmtpReplyFault
{
    /// <summary>A reply was read.</summary>
    None,

    /// <summary>The server closed the connection before the reply's last line.</summary>
    Closed,

    /// <summary>A line without three digits and a space or hyphen after them, or with another code than the reply's first line.</summary>
    NotSmtp,

    /// <summary>A line longer than <see cref="SmtpReplyReader.MaxLineBytes"/>.</summary>
    LineTooLong,

    /// <summary><see cref="SmtpReplyReader.MaxLines"/> lines and still no last one.</summary>
    TooManyLines,
}
