namespace Vigil.Engine.Policy;

/// <summary>What a rule asks for when it matches. Doors translate it into their own language.</summary>
public enum RuleAction
{
    /// <summary>Keep the message in quarantine, accept it towards the sender, do not deliver.</summary>
    Quarantine,

    /// <summary>Permanent refusal.</summary>
    Reject,

    /// <summary>Temporary refusal: the sender retries (also Qmail-Scanner's "greylist").</summary>
    Defer,

    /// <summary>Accept and discard, logged.</summary>
    Drop,

    /// <summary>Log (and archive) but deliver: DLP monitor rules.</summary>
    Monitor,
}
