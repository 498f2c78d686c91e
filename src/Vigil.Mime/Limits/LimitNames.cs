namespace Vigil.Mime.Limits;

/// <summary>Stable names of the limits, used as the rule of a `limits` finding.</summary>
public static class LimitNames
{
    public const string MimeDepth = "mime-depth";
    public const string Parts = "parts";
    public const string HeaderBytes = "header-bytes";
    public const string HeaderParameters = "header-parameters";
    public const string DecodedBytes = "decoded-bytes";
    public const string ArchiveDepth = "archive-depth";
    public const string ArchiveEntries = "archive-entries";
    public const string ArchiveExpandedBytes = "archive-expanded-bytes";
    public const string ExpansionRatio = "expansion-ratio";
    public const string AnalysisTime = "analysis-time";
}
