namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Anomaly codes raised while listing archives. Like <see cref="Vigil.Mime.Model.AnomalyCodes"/>
/// they appear in logs and JSON output, so never rename one.
/// </summary>
public static class ArchiveAnomalies
{
    /// <summary>The archive's structure is damaged or truncated; members found before the damage are kept.</summary>
    public const string Broken = "archive-broken";

    /// <summary>A recognised archive format that is not expanded (7z, cab, arj, bzip2, xz).</summary>
    public const string Unsupported = "archive-unsupported";

    /// <summary>A member (or the whole listing) is encrypted, so its content could not be checked.</summary>
    public const string EncryptedEntry = "archive-encrypted-entry";

    /// <summary>A member is listed but its compression method is not one we decompress (rar, deflate64, lzma...).</summary>
    public const string UnsupportedMethod = "archive-unsupported-method";

    /// <summary>A zip member found in the local headers but missing from the central directory (hidden from some tools).</summary>
    public const string HiddenEntry = "archive-hidden-entry";
}
