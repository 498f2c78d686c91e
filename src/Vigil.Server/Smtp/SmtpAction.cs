namespace Vigil.Server.Smtp;

/// <summary>What the connection must do after sending a command's reply.</summary>
public enum SmtpAction
{
    /// <summary>Read the next command.</summary>
    None,

    /// <summary>The reply was 354: read the message until the lone dot.</summary>
    ReceiveData,

    /// <summary>BDAT: read <see cref="SmtpStep.Chunk"/>'s octets, then reply (250, the refusal, or after LAST the verdict).</summary>
    ReceiveChunk,

    /// <summary>The reply was XCLIENT's 220: the session starts again as the client <see cref="SmtpSession.XClient"/> names.</summary>
    Restart,

    /// <summary>The reply was STARTTLS's 220: the TLS handshake follows, then a new session over it.</summary>
    StartTls,

    /// <summary>Close the connection after the reply (QUIT, a limit, a protocol violation).</summary>
    Close,
}
