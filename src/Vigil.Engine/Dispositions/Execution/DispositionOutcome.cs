namespace Vigil.Engine.Dispositions.Execution;

/// <summary>What the door must answer once the side effects are done. Each door maps it to its own codes.</summary>
public enum DispositionOutcome
{
    /// <summary>Hand the message on to its recipients.</summary>
    Deliver,

    /// <summary>Stored in the quarantine: accept it towards the sender, do not deliver.</summary>
    Quarantined,

    /// <summary>Permanent refusal.</summary>
    Reject,

    /// <summary>Temporary refusal (also every failed side effect: fail closed).</summary>
    Defer,

    /// <summary>Accept and discard (stored in the quarantine first when its category has a folder).</summary>
    Drop,
}
