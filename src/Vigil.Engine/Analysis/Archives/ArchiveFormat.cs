namespace Vigil.Engine.Analysis.Archives;

/// <summary>An archive or compression format recognised from content.</summary>
public enum ArchiveFormat
{
    None,
    Zip,
    Gzip,
    Tar,
    Rar4,
    Rar5,

    // Recognised, reported, not expanded.
    SevenZip,
    Cab,
    Arj,
    Bzip2,
    Xz,
}
