namespace Vigil.Engine.Dispositions.Archive;

/// <summary>Which envelopes `archive=` selects.</summary>
public enum ArchiveScope
{
    /// <summary>archive=no (or unset): only DLP monitor hits are archived.</summary>
    None,

    /// <summary>archive=yes: every message.</summary>
    All,

    /// <summary>archive=REGEX: messages whose sender or any recipient matches.</summary>
    Matching,
}
