namespace Vigil.Engine.Dispositions.Actions;

/// <summary>What a door does with a message once the verdict is in. Doors translate it into their own language.</summary>
public enum VerdictAction
{
    /// <summary>Hand the message on (tagged when it carries findings, e.g. spam).</summary>
    Deliver,

    /// <summary>Keep it in the quarantine Maildir, accept it towards the sender, do not deliver.</summary>
    Quarantine,

    /// <summary>Permanent refusal (qmail-queue 31, SMTP 5xx).</summary>
    Reject,

    /// <summary>Temporary refusal: the sender retries (qmail-queue 71, SMTP 4xx); also "greylist".</summary>
    Defer,

    /// <summary>Accept and discard, logged.</summary>
    Drop,
}
