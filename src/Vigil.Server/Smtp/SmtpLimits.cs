namespace Vigil.Server.Smtp;

/// <summary>Every bound of one SMTP listener: what a client can make the daemon hold or wait for.</summary>
public sealed record SmtpLimits
{
    /// <summary>Longest command line, CRLF included (RFC 5321 says 512; extensions make it longer).</summary>
    public int MaxCommandLine { get; init; } = 2048;

    /// <summary>Longest line inside DATA, CRLF included (RFC 5322's 998 + CRLF, with room for real-world mail).</summary>
    public int MaxDataLine { get; init; } = 64 * 1024;

    /// <summary>Largest message accepted (advertised in EHLO SIZE, checked while streaming).</summary>
    public long MaxMessageSize { get; init; } = 50L * 1024 * 1024;

    /// <summary>Bytes of the message's header block (Postfix's header_size_limit is 100 KB); past it the message is refused 552.</summary>
    public int MaxHeaderBytes { get; init; } = 256 * 1024;

    /// <summary>Recipients per transaction; more get 452 4.5.3.</summary>
    public int MaxRecipients { get; init; } = 100;

    /// <summary>Commands per session; past it the session is closed with 421.</summary>
    public int MaxCommands { get; init; } = 1000;

    /// <summary>How long one command (or one DATA read) may take to arrive.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one whole session may last.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Open sessions in total; more are greeted with 421 and closed.</summary>
    public int MaxConnections { get; init; } = 1000;

    /// <summary>Open sessions from one IP address.</summary>
    public int MaxConnectionsPerIp { get; init; } = 50;
}
