using Vigil.Engine.Dispositions.Logging;

namespace Vigil.Engine.Tests.Dispositions.Execution;

/// <summary>A message log writer that keeps the lines it is given.</summary>
internal sealed class RecordingLog : IMessageLogWriter
{
    public List<string> Lines { get; } = [];

    public bool Write(string line)
    {
        Lines.Add(line);
        return true;
    }
}
