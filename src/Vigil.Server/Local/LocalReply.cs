using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Verdicts;

namespace Vigil.Server.Local;

/// <summary>
/// What a door needs of the engine's outcome to answer its caller, whether the daemon judged the
/// message (decoded from the socket) or the door's own engine did (<see cref="From(GatewayOutcome, MailGateway, IReadOnlyList{string})"/>):
/// both paths go through this one type, so a door answers the same for the same outcome.
/// </summary>
public sealed record LocalReply
{
    public LocalReplyStatus Status { get; init; }

    /// <summary>Why the daemon did not answer (for the door's stderr); "" when it did.</summary>
    public string Problem { get; init; } = "";

    public OutcomeKind Kind { get; init; } = OutcomeKind.Deferred;

    public GatewayFault Fault { get; init; }

    /// <summary>Our own rule name, safe to show the client (<see cref="GatewayOutcome.Reason"/>).</summary>
    public string Reason { get; init; } = "";

    /// <summary>What went wrong in a side effect, for the door's log (<see cref="GatewayOutcome.Detail"/>).</summary>
    public string Detail { get; init; } = "";

    /// <summary>Header lines to put in front of a delivered message.</summary>
    public byte[] AddedHeaders { get; init; } = [];

    /// <summary>The refusal of the dispositions (notqmail's custom error text); null when none or for a fault before them.</summary>
    public Refusal? Refusal { get; init; }

    /// <summary>The `options` the message was judged under (door settings: `qmailqueue=`, `customerror=`).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>The control directory's own `options` (the store is named there).</summary>
    public IReadOnlyDictionary<string, string> RootOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Message log lines the engine gave the door's default log (`log=` unset); the door writes them where it would have.</summary>
    public IReadOnlyList<string> LogLines { get; init; } = [];

    /// <summary>Configuration warnings and side-effect failures, for the door's stderr.</summary>
    public string Warnings { get; init; } = "";

    /// <summary>The verdict's findings (empty when clean or for a fault before the scan).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Whether there was a verdict at all (false for a fault before the scan).</summary>
    public bool Judged { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>What the store is told; null for a fault before the scan, or when the daemon wrote the rows itself.</summary>
    public OutcomeReport? Report { get; init; }

    /// <summary>
    /// Whether the daemon wrote the store's rows (true: the door writes none) or left them to the
    /// door (false: it writes <see cref="Report"/>); null when the request did not ask, and then
    /// the reply ends after the report as in version 1, which an older door reads.
    /// </summary>
    public bool? Stored { get; init; }

    public Verdict Verdict => new(Findings);

    public static LocalReply NotAnswered(LocalReplyStatus status, string problem) => new() { Status = status, Problem = problem };

    /// <summary>The reply for a processed message.</summary>
    public static LocalReply From(GatewayOutcome outcome, MailGateway gateway, IReadOnlyList<string> profiles, IReadOnlyList<string>? logLines = null, string warnings = "") => new()
    {
        Kind = outcome.Kind,
        Fault = outcome.Fault,
        Reason = outcome.Reason,
        Detail = outcome.Detail,
        AddedHeaders = outcome.AddedHeaders,
        Refusal = outcome.Disposition is { } d ? RefusalText.Of(d) : null,
        Options = (outcome.Options ?? gateway.PolicyFor(profiles).Current.Options).Values,
        RootOptions = gateway.Policy.Current.Options.Values,
        LogLines = logLines ?? [],
        Warnings = warnings,
        Findings = outcome.Verdict?.Findings ?? [],
        Judged = outcome.Verdict is not null,
        Elapsed = outcome.Judgement?.Elapsed ?? TimeSpan.Zero,
        Report = outcome.Report,
    };

    /// <summary>The reply for a message only judged (QHPSI).</summary>
    public static LocalReply From(Judgement judgement) => new()
    {
        Kind = judgement.Verdict.IsClean ? OutcomeKind.Deliver : OutcomeKind.Rejected,
        Reason = judgement.Verdict.Worst?.Rule ?? "clean",
        Findings = judgement.Verdict.Findings,
        Judged = true,
        Elapsed = judgement.Elapsed,
    };

    /// <summary>The `options` as the door's policy code reads them.</summary>
    public PolicyOptions PolicyOptions => new(new Dictionary<string, string>(Options, StringComparer.OrdinalIgnoreCase));

    public PolicyOptions RootPolicyOptions => new(new Dictionary<string, string>(RootOptions, StringComparer.OrdinalIgnoreCase));

    public byte[] Encode()
    {
        var w = new FrameWriter();
        w.Byte((byte)Status);
        w.String(Problem);
        w.Byte((byte)Kind);
        w.Byte((byte)Fault);
        w.String(Reason);
        w.String(Detail);
        w.Bytes(AddedHeaders);
        w.Bool(Refusal is not null);
        if (Refusal is { } refusal)
        {
            w.Bool(refusal.Permanent);
            w.String(refusal.EnhancedCode);
            w.String(refusal.Text);
        }

        w.Map(Options);
        w.Map(RootOptions);
        w.Strings(LogLines);
        w.String(Warnings);
        w.Int32(Findings.Count);
        foreach (var f in Findings)
        {
            w.Byte((byte)f.Category);
            w.String(f.Rule);
            w.String(f.Detail);
            w.String(f.PartPath);
            w.Byte(f.Action is { } a ? (byte)a : NoAction);
        }

        w.Bool(Judged);
        w.Int64(Elapsed.Ticks);
        w.Bool(Report is not null);
        if (Report is not null)
        {
            ReportCodec.Write(w, Report);
        }

        if (Stored is { } stored)
        {
            w.Byte(StoreSection);
            w.Bool(stored);
        }

        return w.ToArray();
    }

    /// <summary>The reply in <paramref name="body"/>, or null with what is wrong with it.</summary>
    public static LocalReply? TryDecode(ReadOnlyMemory<byte> body, out string? error)
    {
        error = null;
        try
        {
            var r = new FrameReader(body);
            var status = r.Byte();
            if (status > (byte)LocalReplyStatus.BadRequest)
            {
                error = $"unknown reply status {status}";
                return null;
            }

            var problem = r.String();
            var kind = ReportCodec.Outcome(r.Byte());
            var fault = r.Byte();
            if (fault > (byte)GatewayFault.Configuration)
            {
                throw new FrameFormatException($"a fault of {fault}");
            }

            var reason = r.String();
            var detail = r.String();
            var headers = r.Bytes().ToArray();
            var refusal = r.Bool() ? new Refusal(r.Bool(), r.String(), r.String()) : null;
            var options = r.Map(StringComparer.OrdinalIgnoreCase);
            var rootOptions = r.Map(StringComparer.OrdinalIgnoreCase);
            var logLines = r.Strings();
            var warnings = r.String();
            var findings = new List<Finding>(r.Count(14));
            for (var i = findings.Capacity; i > 0; i--)
            {
                var category = r.Byte();
                if (category is < (byte)FindingCategory.Spam or > (byte)FindingCategory.Virus)
                {
                    throw new FrameFormatException($"a finding category of {category}");
                }

                var rule = r.String();
                var findingDetail = r.String();
                var part = r.String();
                var action = r.Byte();
                if (action != NoAction && action > (byte)RuleAction.Monitor)
                {
                    throw new FrameFormatException($"a rule action of {action}");
                }

                findings.Add(new Finding((FindingCategory)category, rule, findingDetail, part, action == NoAction ? null : (RuleAction)action));
            }

            var judged = r.Bool();
            var elapsed = r.Int64();
            var report = r.Bool() ? ReportCodec.Read(r) : null;
            bool? stored = null;
            if (!r.AtEnd)
            {
                var section = r.Byte();
                if (section != StoreSection)
                {
                    throw new FrameFormatException($"an unknown reply section {section}");
                }

                stored = r.Bool();
            }

            if (!r.AtEnd)
            {
                error = "bytes after the reply's last field";
                return null;
            }

            return new LocalReply
            {
                Status = (LocalReplyStatus)status,
                Problem = problem,
                Kind = kind,
                Fault = (GatewayFault)fault,
                Reason = reason,
                Detail = detail,
                AddedHeaders = headers,
                Refusal = refusal,
                Options = options,
                RootOptions = rootOptions,
                LogLines = logLines,
                Warnings = warnings,
                Findings = findings,
                Judged = judged,
                Elapsed = elapsed < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(elapsed),
                Report = report,
                Stored = stored,
            };
        }
        catch (FrameFormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private const byte NoAction = 255;

    /// <summary>The tag of the store section after the report (only when the request asked).</summary>
    private const byte StoreSection = 1;
}
