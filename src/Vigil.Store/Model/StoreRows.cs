using System.Security.Cryptography;
using Vigil.Engine.Gateway;

namespace Vigil.Store.Model;

/// <summary>Turns the engine's <see cref="OutcomeReport"/> into rows, one per recipient.</summary>
public static class StoreRows
{
    public static IReadOnlyList<StoreRow> From(OutcomeReport report)
    {
        var findings = new List<StoredFinding>(report.Findings.Count);
        foreach (var f in report.Findings)
        {
            findings.Add(new StoredFinding(f.Category, f.Rule, f.Detail));
        }

        var attachments = new List<StoredAttachment>(report.Attachments.Count);
        foreach (var a in report.Attachments)
        {
            attachments.Add(new StoredAttachment(a.Name, a.DeclaredType, a.DetectedType, a.Size));
        }

        var scanners = new List<StoredScannerRun>(report.Scanners.Count);
        foreach (var s in report.Scanners)
        {
            scanners.Add(new StoredScannerRun(s.Name, s.ResultWord, s.Elapsed.TotalMilliseconds));
        }

        var template = new StoreRow
        {
            MessageKey = NewKey(),
            Time = report.Time,
            Door = report.Door,
            Node = report.Node,
            Verdict = report.Verdict,
            Outcome = OutcomeWord(report.Outcome),
            Findings = findings,
            Size = report.Size,
            ElapsedMilliseconds = report.Elapsed.TotalMilliseconds,
            Scanners = scanners,
            Sender = report.Sender,
            ClientIp = report.ClientIp,
            RelayClient = report.RelayClient,
            Helo = report.Helo,
            Subject = report.Subject,
            MessageId = report.MessageId,
            Attachments = attachments,
            QuarantineId = report.QuarantineId,
            QuarantineFolder = report.QuarantineFolder,
            QuarantineState = report.QuarantineId is null ? null : "quarantined",
            LogLine = report.LogLine,
        };
        if (report.Recipients.Count == 0)
        {
            return [template];
        }

        var rows = new StoreRow[report.Recipients.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = template with { Recipient = report.Recipients[i] };
        }

        return rows;
    }

    /// <summary>The outcome as the store writes it.</summary>
    public static string OutcomeWord(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Deliver => "deliver",
        OutcomeKind.Quarantined => "quarantined",
        OutcomeKind.Dropped => "dropped",
        OutcomeKind.Rejected => "rejected",
        _ => "deferred",
    };

    /// <summary>
    /// A random v4 GUID in hex (122 random bits): a live message's key. Not RandomNumberGenerator:
    /// on Linux that loads libssl and libcrypto, about 10 ms of a door's run on the mail path.
    /// </summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>A key derived from where an imported line came from (same line, same key).</summary>
    public static string KeyOf(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))[..16]);
}
