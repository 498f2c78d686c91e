namespace Vigil.Engine.Gateway;

/// <summary>What a door must answer for one message.</summary>
public enum OutcomeKind
{
    /// <summary>Hand the message on (with <see cref="GatewayOutcome.AddedHeaders"/> in front); accepted only once the next step took it.</summary>
    Deliver,

    /// <summary>Stored durably in the quarantine: accept it, deliver nothing.</summary>
    Quarantined,

    /// <summary>Thrown away on purpose (a `drop` action): accept it, deliver nothing.</summary>
    Dropped,

    /// <summary>Refuse permanently (qmail-queue 31, dot-qmail 100, SMTP 554).</summary>
    Rejected,

    /// <summary>Refuse for now, the sender retries (qmail-queue 71, dot-qmail 111, SMTP 451).</summary>
    Deferred,
}
