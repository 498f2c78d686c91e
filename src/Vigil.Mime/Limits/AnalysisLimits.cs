namespace Vigil.Mime.Limits;

/// <summary>
/// Every bound the analysis keeps. Each one, when reached, ends in a `limits` finding rather than
/// a crash, a hang or unbounded memory. The defaults are what a careful admin would choose.
/// </summary>
public sealed record AnalysisLimits
{
    /// <summary>Nesting of multiparts and message/rfc822 parts.</summary>
    public int MaxMimeDepth { get; init; } = 64;

    /// <summary>Entities of every kind (MIME parts, embedded files, TNEF attachments, archive entries).</summary>
    public int MaxParts { get; init; } = 10_000;

    /// <summary>Bytes in one header block (the top-level one or a part's).</summary>
    public int MaxHeaderBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// ';'-separated parameters read from the MIME fields (Content-Type, Content-Disposition,
    /// Content-Transfer-Encoding) of one header block together. A real one has a few, a long
    /// RFC 2231 name a few dozen.
    /// </summary>
    public int MaxHeaderParameters { get; init; } = 1000;

    /// <summary>Decoded bytes produced for one message, all decoders and archives together.</summary>
    public long MaxDecodedBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Archive nesting (a zip in a zip is depth 2).</summary>
    public int MaxArchiveDepth { get; init; } = 8;

    /// <summary>Entries listed from one archive.</summary>
    public int MaxArchiveEntries { get; init; } = 10_000;

    /// <summary>Bytes expanded from all archives of one message.</summary>
    public long MaxArchiveExpandedBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>Expanded size divided by compressed size, per archive entry (zip bombs).</summary>
    public int MaxExpansionRatio { get; init; } = 100;

    /// <summary>Wall time for the analysis of one message.</summary>
    public TimeSpan MaxAnalysisTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Decoded content kept in memory per entity before it spills to a private temp file.</summary>
    public int SpoolMemoryThreshold { get; init; } = 1024 * 1024;

    /// <summary>
    /// Parse the message a second time with MimeKit and compare the two views
    /// (`second-parser=on|off` in `options`; docs/ARCHITECTURE.md, "A second parser").
    /// </summary>
    public bool SecondParser { get; init; }

    public static AnalysisLimits Default { get; } = new();
}
