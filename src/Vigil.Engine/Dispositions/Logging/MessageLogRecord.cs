using Vigil.Engine.Dispositions.Archive;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>What the message log records about one message (see <see cref="MessageLogLine"/> for the line).</summary>
public sealed record MessageLogRecord
{
    public const int MaxAttachmentsListed = 100;

    public DateTimeOffset Time { get; init; }

    public string Door { get; init; } = "";

    /// <summary>The verdict word (clean, virus, policy...).</summary>
    public string Verdict { get; init; } = "";

    /// <summary>One entry per finding: "category:rule" (the category once, see <see cref="FindingLabel"/>), "(monitor)" appended for monitor rules.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    public long Size { get; init; }

    public long ElapsedMilliseconds { get; init; }

    /// <summary>The envelope sender: "" for the null sender, null when unknown.</summary>
    public string? Sender { get; init; }

    public IReadOnlyList<string> Recipients { get; init; } = [];

    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    public string? ClientIp { get; init; }

    /// <summary>File names found in the message with their decoded sizes.</summary>
    public IReadOnlyList<LoggedAttachment> Attachments { get; init; } = [];

    /// <summary>RELAYCLIENT as the door saw it (Qmail-Scanner's "RC:1"/"RC:0"); null when unknown.</summary>
    public bool? RelayClient { get; init; }

    /// <summary>For null-sender mail, its From: address and whether it is a bounce (QMVC's labels); null otherwise.</summary>
    public NullSenderOrigin? NullSender { get; init; }

    /// <summary>The finding that decided a blocking verdict, as "category:rule"; null for clean mail.</summary>
    public string? Event { get; init; }

    /// <summary>The spam filter's score, when one was asked (Qmail-Scanner's "SA:").</summary>
    public SpamLogStatus? Spam { get; init; }

    /// <summary>The crypto the message uses (Qmail-Scanner's "CR:"): "ZIP(encrypted)", "PGP(signed)"...</summary>
    public IReadOnlyList<string> Crypto { get; init; } = [];

    /// <summary>The DLP monitor hits (let through, archived, logged), as "category:rule".</summary>
    public IReadOnlyList<string> DlpHits { get; init; } = [];

    public static MessageLogRecord From(Judgement result, Envelope envelope, DateTimeOffset time)
    {
        var findings = new List<string>(result.Verdict.Findings.Count);
        foreach (var f in result.Verdict.Findings)
        {
            var entry = FindingLabel.Of(f);
            findings.Add(f.Action == RuleAction.Monitor ? entry + "(monitor)" : entry);
        }

        var attachments = new List<LoggedAttachment>();
        var analysis = result.Analysis;
        if (analysis is not null)
        {
            foreach (var entity in analysis.Entities)
            {
                if (attachments.Count == MaxAttachmentsListed)
                {
                    break;
                }

                if (!entity.IsContainer && entity.FileName is { Length: > 0 } name)
                {
                    attachments.Add(new LoggedAttachment(name, entity.Size));
                }
            }
        }

        return new MessageLogRecord
        {
            Time = time,
            Door = envelope.Door,
            Verdict = result.Verdict.Word,
            Findings = findings,
            Size = analysis?.MessageSize ?? 0,
            ElapsedMilliseconds = (long)Math.Round(result.Elapsed.TotalMilliseconds),
            Sender = envelope.Sender,
            Recipients = envelope.Recipients,
            Subject = analysis?.Subject,
            MessageId = analysis is null ? null : MessageHeaders.MessageId(analysis.Root.Headers),
            ClientIp = envelope.ClientIp,
            Attachments = attachments,
            RelayClient = envelope.RelayClient,
            NullSender = envelope.IsNullSender && analysis is not null ? NullSenderLabel.Read(analysis.Root.Headers) : null,
            Event = result.Verdict.Worst is { } worst ? FindingLabel.Of(worst) : null,
            Spam = SpamLogStatus.From(result.Verdict),
            Crypto = CryptoLabels.Of(analysis),
            DlpHits = [.. DlpMonitor.Hits(result.Verdict).Select(FindingLabel.Of)],
        };
    }
}
