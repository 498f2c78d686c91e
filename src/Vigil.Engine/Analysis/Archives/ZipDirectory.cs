namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Where a zip's central directory really is. <paramref name="Bias"/> is added to every offset the
/// archive records: non-zero when data was prepended (a self-extractor stub, a mail header glued on).
/// </summary>
internal readonly record struct ZipDirectory(long Start, long End, long Bias, long DeclaredEntries, bool IsZip64);
