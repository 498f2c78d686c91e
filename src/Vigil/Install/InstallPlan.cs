namespace Vigil.Install;

/// <summary>Everything `vigil install --qmail` writes, built from a layout; nothing is touched until applied.</summary>
public sealed class InstallPlan
{
    private InstallPlan(InstallLayout layout, IReadOnlyList<string> directories, IReadOnlyList<InstallFile> files)
    {
        Layout = layout;
        Directories = directories;
        Files = files;
    }

    public InstallLayout Layout { get; }

    /// <summary>Directories to create (installed paths), parents first.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>Files to write (installed paths).</summary>
    public IReadOnlyList<InstallFile> Files { get; }

    public static InstallPlan For(InstallLayout layout)
    {
        var files = new List<InstallFile>
        {
            new(layout.QueueWrapper, QmailSnippets.QueueWrapper(layout), true, "QMAILQUEUE wrapper: execs vigil queue"),
            new(layout.QhpsiWrapper, QmailSnippets.QhpsiWrapper(layout), true, "QHPSI wrapper: execs vigil scan"),
        };
        foreach (var (name, content) in ControlDirectoryTemplate.Files(layout.QuarantineRoot, layout.ClamdAddress, Path.Combine(layout.QmailDirectory, "bin", "qmail-inject")))
        {
            files.Add(new InstallFile(Path.Combine(layout.ControlDirectory, name), content, false, "control file " + name));
        }

        files.Add(new InstallFile(Path.Combine(layout.SnippetDirectory, "tcp.smtp"), QmailSnippets.TcpRules(layout) + "\n" + QmailSnippets.QhpsiRules(layout), false, "lines to merge into /etc/tcp.smtp"));
        files.Add(new InstallFile(Path.Combine(layout.SnippetDirectory, "dot-qmail"), QmailSnippets.DotQmail(layout), false, "the dot-qmail line"));

        string[] directories =
        [
            Path.Combine(layout.QmailDirectory, "bin"),
            layout.ControlDirectory,
            layout.SnippetDirectory,
            layout.QuarantineRoot,
        ];
        return new InstallPlan(layout, directories, files);
    }

    /// <summary>Why a path cannot be used in the generated files, or null when all are fine.</summary>
    public static string? Problem(InstallLayout layout)
    {
        foreach (var (what, path) in new[]
        {
            ("--control", layout.ControlDirectory),
            ("--qmail-dir", layout.QmailDirectory),
            ("--quarantine", layout.QuarantineRoot),
        })
        {
            if (!Path.IsPathRooted(path))
            {
                return $"{what} {path}: needs an absolute path (qmail runs the wrappers from its own directories)";
            }

            if (path.AsSpan().IndexOfAny("\"\n\r\0") >= 0)
            {
                return $"{what}: a path with a double quote, a line break or NUL cannot be written into tcp.smtp";
            }
        }

        foreach (var word in layout.Vigil.Command)
        {
            if (word.AsSpan().IndexOfAny("\n\r\0") >= 0)
            {
                return "the vigil path holds a line break or NUL";
            }
        }

        return null;
    }
}
