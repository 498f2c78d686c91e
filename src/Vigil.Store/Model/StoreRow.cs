namespace Vigil.Store.Model;

/// <summary>
/// One row of the store: one processed message for one recipient (a message to three recipients is
/// three rows with one <see cref="MessageKey"/>). Strings from the mail are data as received;
/// whoever renders them escapes them.
/// </summary>
public sealed record StoreRow
{
    /// <summary>
    /// Names the message across its rows: random for live rows, derived from the source line for
    /// imported ones, so that importing a file (or a spill log) twice adds nothing the second time.
    /// </summary>
    public string MessageKey { get; init; } = "";

    public DateTimeOffset Time { get; init; }

    /// <summary>queue, deliver, scan, smtp... or the source of an import (qmail-scanner, mailstats).</summary>
    public string Door { get; init; } = "";

    public string Node { get; init; } = "";

    /// <summary>clean, virus, policy, format, limits, spam or error.</summary>
    public string Verdict { get; init; } = "";

    /// <summary>deliver, quarantined, dropped, rejected or deferred; "" when the source did not say.</summary>
    public string Outcome { get; init; } = "";

    public IReadOnlyList<StoredFinding> Findings { get; init; } = [];

    public long Size { get; init; }

    public double ElapsedMilliseconds { get; init; }

    /// <summary>Each scanner's run on the message (stored once per message, as findings are); empty for imported rows.</summary>
    public IReadOnlyList<StoredScannerRun> Scanners { get; init; } = [];

    /// <summary>"" for the null sender, null when unknown.</summary>
    public string? Sender { get; init; }

    /// <summary>null when the message had no recipient the door knew of.</summary>
    public string? Recipient { get; init; }

    public string? ClientIp { get; init; }

    public bool? RelayClient { get; init; }

    public string? Helo { get; init; }

    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    public IReadOnlyList<StoredAttachment> Attachments { get; init; } = [];

    public string? QuarantineId { get; init; }

    public string? QuarantineFolder { get; init; }

    /// <summary>quarantined, released or deleted; null when the message was not quarantined.</summary>
    public string? QuarantineState { get; init; }

    public string? LogLine { get; init; }

    /// <summary>Where the row came from: "live", or the file an import read.</summary>
    public string Source { get; init; } = "live";
}
