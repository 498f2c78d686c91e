using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Gateway;

/// <summary>Builds the <see cref="OutcomeReport"/> of a judged message.</summary>
internal static class OutcomeReports
{
    private const int MaxAttachments = 1000;

    public static OutcomeReport From(Judgement scan, DispositionResult disposition, OutcomeKind kind, Envelope envelope, string node)
    {
        var time = DateTimeOffset.UtcNow;
        var findings = new List<ReportedFinding>(scan.Verdict.Findings.Count);
        foreach (var f in scan.Verdict.Findings)
        {
            findings.Add(new ReportedFinding(f.Category.Word(), f.Rule, f.Detail, f.PartPath, f.Action?.ToString().ToLowerInvariant() ?? ""));
        }

        var attachments = new List<ReportedAttachment>();
        var analysis = scan.Analysis;
        if (analysis is not null)
        {
            foreach (var entity in analysis.Entities)
            {
                if (attachments.Count == MaxAttachments)
                {
                    break;
                }

                if (!entity.IsContainer && entity.FileName is { Length: > 0 } name)
                {
                    attachments.Add(new ReportedAttachment(name, entity.DeclaredType, entity.Detected?.Id, entity.Size));
                }
            }
        }

        return new OutcomeReport
        {
            Time = time,
            Door = envelope.Door,
            Node = node,
            Verdict = scan.Verdict.Word,
            Outcome = kind,
            Findings = findings,
            Size = analysis?.MessageSize ?? 0,
            Elapsed = scan.Elapsed,
            Scanners = scan.Scanners,
            Sender = envelope.Sender,
            Recipients = envelope.Recipients,
            ClientIp = envelope.ClientIp,
            RelayClient = envelope.RelayClient,
            Helo = envelope.Helo,
            Subject = analysis?.Subject,
            MessageId = analysis is null ? null : MessageHeaders.MessageId(analysis.Root.Headers),
            Attachments = attachments,
            QuarantineId = disposition.Quarantine?.Id,
            QuarantineFolder = disposition.Quarantine?.Folder,
            LogLine = MessageLogLine.Format(MessageLogRecord.From(scan, envelope, time), null),
        };
    }
}
