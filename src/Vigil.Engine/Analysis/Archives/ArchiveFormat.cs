namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// An archive or compression format recognised from content. The one list both type detection
/// (<see cref="Types.ArchiveTypes"/>) and expansion (<see cref="ArchiveExpander"/>) work from, so
/// the two never disagree about the same bytes. Who opens each is <see cref="ArchiveSniffer.OpenerOf"/>.
/// </summary>
public enum ArchiveFormat
{
    None,
    Zip,
    Gzip,
    Tar,
    Rar4,
    Rar5,
    SevenZip,
    Bzip2,
    Xz,
    Lzip,
    Zstd,
    Arj,
    Ace,
    Arc,

    /// <summary>Recognised, not opened by anything here: reported unreadable.</summary>
    Cab,
}
