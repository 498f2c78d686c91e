namespace Vigil.Server.Milter;

/// <summary>Bounds on what one milter connection may make Vigil hold or wait for.</summary>
public sealed record MilterLimits
{
    /// <summary>
    /// The largest packet accepted. libmilter's default is 64 KB; a header may be longer (Postfix's
    /// header_size_limit is 100 KB), so 1 MB. A length over it closes the connection unread.
    /// </summary>
    public int MaxPacketLength { get; init; } = 1024 * 1024;

    /// <summary>Message bytes (headers and body) spooled; a bigger message is refused with 552.</summary>
    public long MaxMessageBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Recipients of one message; more are refused with 452 (the client sends them again later).</summary>
    public int MaxRecipients { get; init; } = 1000;

    /// <summary>Macros kept per connection (each bounded by the packet length).</summary>
    public int MaxMacros { get; init; } = 256;

    /// <summary>While a message is judged, how often the MTA is told we are still at it (SMFIR_PROGRESS).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the MTA may stay silent between packets (Postfix waits up to smtpd_timeout for its client).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
