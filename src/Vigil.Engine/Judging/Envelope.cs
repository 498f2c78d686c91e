namespace Vigil.Engine.Judging;

/// <summary>
/// What the door knows about a message beyond its bytes. <see cref="Sender"/> is null when unknown
/// (a file scanned by hand) and "" for the null sender "&lt;&gt;".
/// </summary>
public sealed record Envelope(string? Sender, IReadOnlyList<string> Recipients)
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>(StringComparer.Ordinal);

    public static Envelope Unknown { get; } = new(null, []);

    /// <summary>The client's IP address as the door saw it (TCPREMOTEIP, the SMTP peer), if known.</summary>
    public string? ClientIp { get; init; }

    /// <summary>
    /// True when the SMTP client may relay (tcpserver set RELAYCLIENT: a local client, so the mail
    /// is usually outgoing); null when the door cannot tell. Qmail-Scanner logs it as "RC:1"/"RC:0".
    /// </summary>
    public bool? RelayClient { get; init; }

    /// <summary>The name the SMTP client gave in HELO/EHLO, if known.</summary>
    public string? Helo { get; init; }

    /// <summary>The client's host name (TCPREMOTEHOST, reverse DNS, XCLIENT NAME), if known.</summary>
    public string? ClientName { get; init; }

    /// <summary>Which door the message came through: "scan", "queue", "deliver", "smtp"...</summary>
    public string Door { get; init; } = "scan";

    /// <summary>
    /// The door's own environment for this message, handed to programs the scanners run (QMVC's
    /// command API): qmail-local's SENDER, RECIPIENT, LOCAL, HOST, EXT..., DTLINE for `vigil
    /// deliver`; TCPREMOTEIP and RELAYCLIENT for `vigil queue`. Empty when there is none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = NoVariables;

    /// <summary>
    /// The door asks the virus scanners to skip the leaves `noscantypes` lists whatever `options`
    /// says (QMVC's dot-qmail flag -n); false leaves it to `skipnoscantypes`.
    /// </summary>
    public bool SkipNoScanTypes { get; init; }

    /// <summary>True for the empty envelope sender of bounces (and of many viruses).</summary>
    public bool IsNullSender => Sender is { } s && (s.Length == 0 || s == "<>");
}
