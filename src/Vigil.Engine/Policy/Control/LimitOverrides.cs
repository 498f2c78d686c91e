using Vigil.Mime.Limits;

namespace Vigil.Engine.Policy.Control;

/// <summary>The analysis limits an `options` file sets; null members keep the analyzer's own value.</summary>
public sealed record LimitOverrides
{
    public static LimitOverrides None { get; } = new();

    public int? MaxMimeDepth { get; init; }

    public int? MaxParts { get; init; }

    public int? MaxHeaderBytes { get; init; }

    public int? MaxHeaderParameters { get; init; }

    public long? MaxDecodedBytes { get; init; }

    public int? MaxArchiveDepth { get; init; }

    public int? MaxArchiveEntries { get; init; }

    public long? MaxArchiveExpandedBytes { get; init; }

    public int? MaxExpansionRatio { get; init; }

    public TimeSpan? MaxAnalysisTime { get; init; }

    /// <summary>`second-parser=on|off`.</summary>
    public bool? SecondParser { get; init; }

    /// <summary>
    /// True when no limit is overridden. Spelled out rather than `this == None`: the record's
    /// equality compares through the runtime's generic nullable comparers, which a one-message
    /// process would compile for this alone.
    /// </summary>
    public bool IsEmpty =>
        MaxMimeDepth is null && MaxParts is null && MaxHeaderBytes is null && MaxHeaderParameters is null && MaxDecodedBytes is null && MaxArchiveDepth is null
        && MaxArchiveEntries is null && MaxArchiveExpandedBytes is null && MaxExpansionRatio is null && MaxAnalysisTime is null && SecondParser is null;

    /// <summary>The given limits with these overrides applied.</summary>
    public AnalysisLimits ApplyTo(AnalysisLimits limits) => IsEmpty ? limits : limits with
    {
        MaxMimeDepth = MaxMimeDepth ?? limits.MaxMimeDepth,
        MaxParts = MaxParts ?? limits.MaxParts,
        MaxHeaderBytes = MaxHeaderBytes ?? limits.MaxHeaderBytes,
        MaxHeaderParameters = MaxHeaderParameters ?? limits.MaxHeaderParameters,
        MaxDecodedBytes = MaxDecodedBytes ?? limits.MaxDecodedBytes,
        MaxArchiveDepth = MaxArchiveDepth ?? limits.MaxArchiveDepth,
        MaxArchiveEntries = MaxArchiveEntries ?? limits.MaxArchiveEntries,
        MaxArchiveExpandedBytes = MaxArchiveExpandedBytes ?? limits.MaxArchiveExpandedBytes,
        MaxExpansionRatio = MaxExpansionRatio ?? limits.MaxExpansionRatio,
        SecondParser = SecondParser ?? limits.SecondParser,
        MaxAnalysisTime = MaxAnalysisTime ?? limits.MaxAnalysisTime,
    };
}
