using Vigil.Mime.Model;
using Vigil.Mime.Names;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>Turns an archive entry path into the name a user would get when extracting it.</summary>
internal static class EntryNames
{
    /// <summary>The last segment of an entry path (either slash separates: Windows tools accept both).</summary>
    public static string BaseName(string entryPath)
    {
        var trimmed = entryPath.AsSpan().TrimEnd("/\\");
        var cut = trimmed.LastIndexOfAny('/', '\\');
        return trimmed[(cut + 1)..].ToString();
    }

    /// <summary>A candidate whose raw form is the full entry path and whose normalised form is the file a user gets.</summary>
    public static NameCandidate Candidate(string entryPath, NameSource source) =>
        new(entryPath, FileNameNormalizer.Normalize(BaseName(entryPath)), source);

    /// <summary>Directory entries end with a separator; they are not members.</summary>
    public static bool LooksLikeDirectory(string entryPath) =>
        entryPath.Length > 0 && entryPath[^1] is '/' or '\\';
}
