using Vigil.Mime.Model;

namespace Vigil.Mime.Names;

/// <summary>
/// Looks at every name an entity carries for the tricks Qmail-Scanner's format checks know:
/// over-long names, double extensions that end in an executable one (<c>file.gif.exe</c>), CLSID
/// extensions, executables declared under a non-application MIME type, and Unicode direction
/// overrides that make <c>exe.pdf</c> out of <c>fdp.exe</c>.
/// </summary>
public static class NameInspector
{
    public const int MaxFileNameLength = 256;

    /// <summary>Extensions Windows runs (or hands to a script host) on a double click.</summary>
    private static readonly HashSet<string> Executable = new(StringComparer.Ordinal)
    {
        "exe", "com", "scr", "pif", "bat", "cmd", "vbs", "vbe", "js", "jse", "wsf", "wsh", "wsc", "hta",
        "cpl", "msi", "msp", "lnk", "reg", "shs", "shb", "sct", "jar", "ps1", "inf", "chm", "hlp", "url",
    };

    /// <summary>
    /// Extensions a person reads as "a harmless document"; a name that adds an executable one
    /// after them is the classic disguise. A name like "setup.1.2.exe" is not flagged, which keeps
    /// the check away from the common version-number and typo variants.
    /// </summary>
    private static readonly HashSet<string> Decoy = new(StringComparer.Ordinal)
    {
        "txt", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "pdf", "rtf", "htm", "html", "jpg", "jpeg",
        "gif", "png", "bmp", "tif", "tiff", "mp3", "wav", "avi", "mpg", "mpeg", "mov", "zip", "rar", "eml",
    };

    /// <summary>Archive formats whose members a scanner must see.</summary>
    private static readonly HashSet<string> Archive = new(StringComparer.Ordinal)
    {
        "zip", "rar", "7z", "gz", "tgz", "tar", "cab", "iso", "arj", "lzh", "ace", "bz2", "xz", "img",
    };

    public static bool IsExecutableExtension(string extension) => Executable.Contains(extension);

    /// <summary>Extensions whose file runs or unpacks: a name that hides one is worth blocking.</summary>
    public static bool IsRiskyExtension(string extension) => Executable.Contains(extension) || Archive.Contains(extension);

    public static void Inspect(Entity entity, AnalysisContext context)
    {
        foreach (var name in entity.Names)
        {
            var path = entity.Path;
            if (name.Raw.Length > MaxFileNameLength)
            {
                context.Report(AnomalyCodes.LongFileName, path, $"file name of {name.Raw.Length} characters", AnomalySeverity.Format);
            }

            if (FileNameNormalizer.HasDirectionControl(name.Raw))
            {
                context.Report(
                    AnomalyCodes.DirectionOverrideInName,
                    path,
                    $"direction control in \"{FileNameNormalizer.ShowDirectionControls(name.Raw)}\" (really \"{name.Normalized}\")",
                    AnomalySeverity.Format);
            }

            var normalized = name.Normalized;
            var ext = FileNameNormalizer.Extension(normalized);
            if (ext.Length == 0)
            {
                continue;
            }

            if (ext.StartsWith('{') && ext.EndsWith('}') && ext.Length == 38)
            {
                context.Report(AnomalyCodes.ClsidExtension, path, $"CLSID extension in \"{normalized}\"", AnomalySeverity.Format);
                continue;
            }

            if (!Executable.Contains(ext))
            {
                continue;
            }

            var stem = normalized[..^(ext.Length + 1)];
            var inner = FileNameNormalizer.Extension(stem);
            if (Decoy.Contains(inner))
            {
                context.Report(AnomalyCodes.DoubleExtension, path, $"double extension in \"{normalized}\"", AnomalySeverity.Format);
            }

            if (entity.Source == EntitySource.MimePart && entity.DeclaredType is { } declared &&
                !declared.StartsWith("application/", StringComparison.Ordinal) && !declared.StartsWith("multipart/", StringComparison.Ordinal))
            {
                context.Report(
                    AnomalyCodes.ExecutableUnderNonApplicationType,
                    path,
                    $"\"{normalized}\" declared as {declared}",
                    AnomalySeverity.Format);
            }
        }
    }
}
