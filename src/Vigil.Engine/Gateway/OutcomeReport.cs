using Vigil.Engine.Scanners.Orchestration;

namespace Vigil.Engine.Gateway;

/// <summary>
/// Everything known about one processed message, for the store and reports. Strings from the mail
/// (subject, names, addresses) are data as received: whoever renders them escapes them.
/// </summary>
public sealed record OutcomeReport
{
    public DateTimeOffset Time { get; init; }

    /// <summary>queue, deliver, scan, smtp, milter, socket.</summary>
    public string Door { get; init; } = "";

    public string Node { get; init; } = "";

    /// <summary>clean, virus, policy, format, limits, spam or error.</summary>
    public string Verdict { get; init; } = "";

    public OutcomeKind Outcome { get; init; }

    public IReadOnlyList<ReportedFinding> Findings { get; init; } = [];

    public long Size { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Each scanner that ran: how it ended and how long it took (the dashboard's scanner health).</summary>
    public IReadOnlyList<ScannerRun> Scanners { get; init; } = [];

    /// <summary>"" for the null sender, null when unknown.</summary>
    public string? Sender { get; init; }

    public IReadOnlyList<string> Recipients { get; init; } = [];

    public string? ClientIp { get; init; }

    public bool? RelayClient { get; init; }

    public string? Helo { get; init; }

    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    public IReadOnlyList<ReportedAttachment> Attachments { get; init; } = [];

    /// <summary>The quarantine id and folder (viruses, policy, spam) when the message was stored; else null.</summary>
    public string? QuarantineId { get; init; }

    public string? QuarantineFolder { get; init; }

    /// <summary>The message log line as the log writer got it (Vigil's own format).</summary>
    public string? LogLine { get; init; }
}
