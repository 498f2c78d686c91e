using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// Where a scanner factory reports what is wrong with its line: every message is located by the
/// file and line it came from, so `vigil config check` can print it compiler style.
/// </summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigMessage> _messages = [];

    public IReadOnlyList<ConfigMessage> Messages => _messages;

    public bool HasErrors => _messages.Exists(m => m.Level == ConfigMessageLevel.Error);

    public void Error(ScannerLine line, string message) =>
        _messages.Add(new ConfigMessage(ConfigMessageLevel.Error, line.File, line.Number, message));

    public void Warning(ScannerLine line, string message) =>
        _messages.Add(new ConfigMessage(ConfigMessageLevel.Warning, line.File, line.Number, message));

    internal void Error(string file, int line, string message) =>
        _messages.Add(new ConfigMessage(ConfigMessageLevel.Error, file, line, message));

    internal void Warning(string file, int line, string message) =>
        _messages.Add(new ConfigMessage(ConfigMessageLevel.Warning, file, line, message));
}
