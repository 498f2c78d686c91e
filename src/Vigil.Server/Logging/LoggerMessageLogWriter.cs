using Microsoft.Extensions.Logging;
using Vigil.Engine.Dispositions.Logging;

namespace Vigil.Server.Logging;

/// <summary>The engine's per-message log line (when `log=` names no file) goes to the daemon's log.</summary>
public sealed class LoggerMessageLogWriter(ILogger logger) : IMessageLogWriter
{
    public bool Write(string line)
    {
        ServerLog.MessageLine(logger, line);
        return true;
    }
}
