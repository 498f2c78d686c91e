namespace Vigil.Engine.Scanners.Spamd;

/// <summary>Where a score falls among the configured levels, from harmless to refused.</summary>
public enum SpamBand
{
    /// <summary>Below the tag level: nothing to say.</summary>
    None,

    /// <summary>Tag and deliver: headers only, the verdict stays clean.</summary>
    Tag,

    /// <summary>Keep in quarantine.</summary>
    Quarantine,

    /// <summary>Refuse.</summary>
    Reject,
}
