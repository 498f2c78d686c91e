namespace Vigil.Engine.Scanners.Clamd;

/// <summary>What a clamd scanner sends for one message.</summary>
public enum ClamdScanMode
{
    /// <summary>The raw message only (QHPSI style): clamd decodes MIME itself.</summary>
    Raw,

    /// <summary>Every decoded leaf, each as its own stream.</summary>
    Entities,

    /// <summary>
    /// Both (Qmail-Scanner's redundant scanning): the raw message, plus each decoded leaf clamd
    /// would not see byte for byte in it.
    /// </summary>
    Both,
}
