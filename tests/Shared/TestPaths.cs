namespace Vigil.Testing;

/// <summary>Finds the repository and the shared corpora (../shared beside the clone) from a test run.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> RepoRootLazy = new(FindRepoRoot);

    /// <summary>The clone's root: the directory holding Vigil.slnx.</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>../shared/corpora beside the clone.</summary>
    public static string Corpora => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpora"));

    /// <summary>A file or folder under the corpora, e.g. Corpus("mimekit", "tnef").</summary>
    public static string Corpus(params string[] parts) => Path.Combine([Corpora, .. parts]);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Vigil.slnx not found above " + AppContext.BaseDirectory);
    }
}
