namespace Vigil.Engine.Scanners.Spamd;

/// <summary>The SPAMC/1.5 verbs that judge a message without rewriting it.</summary>
public enum SpamdCommand
{
    /// <summary>Score and threshold only.</summary>
    Check,

    /// <summary>Score, threshold and the matched rule names (what the scanner uses).</summary>
    Symbols,

    /// <summary>Score, threshold and SpamAssassin's readable report.</summary>
    Report,
}
