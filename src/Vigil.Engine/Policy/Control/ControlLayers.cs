namespace Vigil.Engine.Policy.Control;

/// <summary>
/// The control directories of a profile, most specific first: a user's or a domain's directory
/// overlays the default one file by file. A file present in a more specific directory replaces
/// the same file below it wholly; a file present nowhere falls back to its built-in default.
/// </summary>
public sealed class ControlLayers
{
    /// <param name="directories">Most specific first; null or empty entries are ignored.</param>
    public ControlLayers(IEnumerable<string?> directories)
    {
        var list = new List<string>();
        foreach (var d in directories)
        {
            if (!string.IsNullOrWhiteSpace(d))
            {
                list.Add(Path.GetFullPath(d));
            }
        }

        Directories = list;
    }

    /// <summary>No directory at all: every file is its built-in default.</summary>
    public static ControlLayers None { get; } = new([]);

    /// <summary>Most specific first.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>A profile: <paramref name="overlays"/> (the last one most specific) laid over this.</summary>
    public ControlLayers With(IReadOnlyList<string> overlays)
    {
        var ordered = new List<string?>(overlays.Count + Directories.Count);
        for (var i = overlays.Count - 1; i >= 0; i--)
        {
            ordered.Add(overlays[i]);
        }

        ordered.AddRange(Directories);
        return new ControlLayers(ordered);
    }

    /// <summary>The path of <paramref name="fileName"/> in the most specific directory holding it, or null.</summary>
    public string? Resolve(string fileName)
    {
        foreach (var dir in Directories)
        {
            var path = Path.Combine(dir, fileName);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>A key naming this stack of directories (used to cache profile providers).</summary>
    public string Key => string.Join('\n', Directories);
}
