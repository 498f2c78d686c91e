using System.Text;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Logging;

/// <summary>The engine's warnings (a TextWriter for the doors' stderr) as log events, one per line.</summary>
public sealed class LoggerTextWriter(ILogger logger) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => WriteLine(value.ToString());

    public override void Write(string? value) => WriteLine(value);

    public override void WriteLine(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            ServerLog.EngineWarning(logger, value.TrimEnd('\n'));
        }
    }
}
