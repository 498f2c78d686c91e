using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Gateway;

/// <summary>
/// What one message came to and what the door must answer. Dispose it once the door is done: it
/// owns the analysis and, when the gateway spooled the message, the spool the door delivers from.
/// </summary>
public sealed class GatewayOutcome : IDisposable
{
    private readonly SpooledMessage? _ownedSpool;

    internal GatewayOutcome(OutcomeKind kind, SpooledMessage? message, bool ownsMessage, Judgement? scan, DispositionResult? disposition, GatewayFault fault, string reason, string detail)
    {
        Kind = kind;
        Message = message;
        _ownedSpool = ownsMessage ? message : null;
        Judgement = scan;
        Disposition = disposition;
        Fault = fault;
        Reason = reason;
        Detail = detail;
    }

    public OutcomeKind Kind { get; }

    /// <summary>Why a message was deferred before it was judged; <see cref="GatewayFault.None"/> otherwise.</summary>
    public GatewayFault Fault { get; }

    /// <summary>Our own rule name (or fault), printable ASCII, safe to show the client: never text from the mail.</summary>
    public string Reason { get; }

    /// <summary>What went wrong in a side effect or fault, for the door's log; "" when nothing did.</summary>
    public string Detail { get; }

    /// <summary>The message as received; null only when it could not be read at all.</summary>
    public SpooledMessage? Message { get; }

    /// <summary>The analysis and verdict; null for a fault before the scan.</summary>
    public Judgement? Judgement { get; }

    public Verdict? Verdict => Judgement?.Verdict;

    /// <summary>The dispositions carried out; null for a fault before them.</summary>
    public DispositionResult? Disposition { get; }

    /// <summary>Header lines to put in front of a delivered message (X-Vigil-Status, X-Spam-*); empty for none.</summary>
    public byte[] AddedHeaders => Disposition?.AddedHeaders ?? [];

    /// <summary>The `options` of the policy the message was judged under (door settings such as `qmailqueue=` come from the same snapshot); null for a fault before the choice.</summary>
    public PolicyOptions? Options { get; internal init; }

    /// <summary>What the store and reports are told; null for a fault before the scan.</summary>
    public OutcomeReport? Report { get; internal init; }

    public void Dispose()
    {
        Judgement?.Dispose();
        _ownedSpool?.Dispose();
    }
}
