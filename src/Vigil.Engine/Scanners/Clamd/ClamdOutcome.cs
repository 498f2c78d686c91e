namespace Vigil.Engine.Scanners.Clamd;

/// <summary>What clamd said about one stream.</summary>
public enum ClamdOutcome
{
    /// <summary><c>stream: OK</c>.</summary>
    Clean,

    /// <summary><c>stream: &lt;Name&gt; FOUND</c>.</summary>
    Infected,

    /// <summary><c>INSTREAM size limit exceeded. ERROR</c>: unscannable (StreamMaxLength), not clean.</summary>
    SizeLimit,

    /// <summary>No usable answer: unreachable, timed out, an ERROR reply or garbage.</summary>
    Error,
}
