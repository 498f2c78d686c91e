namespace Vigil.Engine.Scanners.Spamd;

public enum SpamdOutcome
{
    /// <summary>spamd judged the message: see the score.</summary>
    Scored,

    /// <summary>No judgement: outage, timeout, refusal or a reply we cannot read.</summary>
    Error,
}
