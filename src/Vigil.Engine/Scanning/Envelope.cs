namespace Vigil.Engine.Scanning;

/// <summary>
/// What the door knows about a message beyond its bytes. <see cref="Sender"/> is null when unknown
/// (a file scanned by hand) and "" for the null sender "&lt;&gt;".
/// </summary>
public sealed record Envelope(string? Sender, IReadOnlyList<string> Recipients)
{
    public static Envelope Unknown { get; } = new(null, []);

    /// <summary>The client's IP address as the door saw it (TCPREMOTEIP, the SMTP peer), if known.</summary>
    public string? ClientIp { get; init; }

    /// <summary>Which door the message came through: "scan", "queue", "deliver", "smtp"...</summary>
    public string Door { get; init; } = "scan";

    /// <summary>True for the empty envelope sender of bounces (and of many viruses).</summary>
    public bool IsNullSender => Sender is { } s && (s.Length == 0 || s == "<>");
}
