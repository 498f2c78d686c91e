namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// The name a single-file compressor's output gets when its header names nothing: the archive's
/// own name minus the suffix, what gunzip, bunzip2, unxz, lzip -d and unzstd write.
/// </summary>
internal static class CompressedNames
{
    private static readonly (string Suffix, string Replacement)[] Gzip = [(".tgz", ".tar"), (".gz", "")];
    private static readonly (string Suffix, string Replacement)[] Bzip2 = [(".tbz2", ".tar"), (".tbz", ".tar"), (".bz2", "")];
    private static readonly (string Suffix, string Replacement)[] Xz = [(".txz", ".tar"), (".xz", "")];
    private static readonly (string Suffix, string Replacement)[] Lzip = [(".tlz", ".tar"), (".lz", "")];
    private static readonly (string Suffix, string Replacement)[] Zstd = [(".tzst", ".tar"), (".zst", "")];

    /// <summary>"x.tar.gz" gives "x.tar", "x.tbz2" gives "x.tar"; a name without the format's suffix gives null.</summary>
    public static string? FromArchive(string? archiveName, ArchiveFormat format)
    {
        if (string.IsNullOrEmpty(archiveName))
        {
            return null;
        }

        var suffixes = format switch
        {
            ArchiveFormat.Gzip => Gzip,
            ArchiveFormat.Bzip2 => Bzip2,
            ArchiveFormat.Xz => Xz,
            ArchiveFormat.Lzip => Lzip,
            ArchiveFormat.Zstd => Zstd,
            _ => [],
        };
        foreach (var (suffix, replacement) in suffixes)
        {
            if (archiveName.Length > suffix.Length && archiveName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return archiveName[..^suffix.Length] + replacement;
            }
        }

        return null;
    }
}
