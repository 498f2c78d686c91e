namespace Vigil.Engine.Policy.Control;

/// <summary>Where one control file's lines came from.</summary>
/// <param name="Name">The control file name (e.g. "badfilenames").</param>
/// <param name="Path">The file read, or null for the built-in default.</param>
public sealed record ControlSource(string Name, string? Path)
{
    public bool IsBuiltInDefault => Path is null;

    /// <summary>What messages name: the path, or "(built-in)/name".</summary>
    public string Display => Path ?? "(built-in)/" + Name;
}
