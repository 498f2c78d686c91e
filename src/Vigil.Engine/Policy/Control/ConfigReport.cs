using System.Text;

namespace Vigil.Engine.Policy.Control;

/// <summary>
/// What loading a control directory found: every file read (or defaulted) and every error and
/// warning with file and line. This is the output of `vigil config check`, which exits 1 when
/// <see cref="HasErrors"/>.
/// </summary>
public sealed class ConfigReport
{
    private readonly List<ConfigFileEntry> _files = [];
    private readonly List<ConfigMessage> _messages = [];

    public ConfigReport(ControlLayers layers)
    {
        Layers = layers;
    }

    public ControlLayers Layers { get; }

    public IReadOnlyList<ConfigFileEntry> Files => _files;

    /// <summary>Errors and warnings in the order found.</summary>
    public IReadOnlyList<ConfigMessage> Messages => _messages;

    public IEnumerable<ConfigMessage> Errors => _messages.Where(m => m.Level == ConfigMessageLevel.Error);

    public IEnumerable<ConfigMessage> Warnings => _messages.Where(m => m.Level == ConfigMessageLevel.Warning);

    public bool HasErrors => _messages.Exists(m => m.Level == ConfigMessageLevel.Error);

    /// <summary>The exit code `vigil config check` should end with.</summary>
    public int ExitCode => HasErrors ? 1 : 0;

    internal void AddFile(ConfigFileEntry entry) => _files.Add(entry);

    internal void Error(ControlSource source, int line, string message) =>
        _messages.Add(new ConfigMessage(ConfigMessageLevel.Error, source.Display, line, message));

    internal void Warning(ControlSource source, int line, string message) =>
        _messages.Add(new ConfigMessage(ConfigMessageLevel.Warning, source.Display, line, message));

    internal void Warning(string file, string message) =>
        _messages.Add(new ConfigMessage(ConfigMessageLevel.Warning, file, 0, message));

    /// <summary>A problem found by a check outside the loader (a door's own `options` keys, say).</summary>
    public void Add(ConfigMessageLevel level, string file, string message) =>
        _messages.Add(new ConfigMessage(level, file, 0, message));

    /// <summary>The same, at a line of the file (a listener file `vigil serve` reads, say).</summary>
    public void Add(ConfigMessageLevel level, string file, int line, string message) =>
        _messages.Add(new ConfigMessage(level, file, line, message));

    /// <summary>
    /// One line per directory searched, one per file read (name, where from, what it holds), then
    /// one per error or warning as `path:line: level: message`.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Layers.Directories.Count == 0)
        {
            sb.Append("control: no directory, built-in defaults only\n");
        }

        foreach (var dir in Layers.Directories)
        {
            sb.Append("control: ").Append(dir).Append(Directory.Exists(dir) ? "" : " (missing)").Append('\n');
        }

        var width = 0;
        foreach (var f in _files)
        {
            width = Math.Max(width, f.Source.Display.Length);
        }

        foreach (var f in _files)
        {
            sb.Append(f.Source.Name.PadRight(13))
                .Append(f.Source.Display.PadRight(width + 2))
                .Append(f.Summary)
                .Append('\n');
        }

        foreach (var m in _messages)
        {
            sb.Append(m).Append('\n');
        }

        var errors = _messages.Count(m => m.Level == ConfigMessageLevel.Error);
        sb.Append(errors == 0 ? "ok" : $"{errors} error(s)")
            .Append(", ")
            .Append(_messages.Count - errors)
            .Append(" warning(s)\n");
        return sb.ToString();
    }
}
