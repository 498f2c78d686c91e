namespace Vigil.Mime.Model;

/// <summary>How much an anomaly says about intent.</summary>
public enum AnomalySeverity
{
    /// <summary>Sloppy but common in legitimate mail (a missing closing boundary, base64 line noise).</summary>
    Notice,

    /// <summary>
    /// A trick used to hide content from scanners (Qmail-Scanner's format checks): blocked when the
    /// `format` filter is on.
    /// </summary>
    Format,
}
