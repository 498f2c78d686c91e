using Vigil.Mime.Headers;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// Writes lines to standard output (or any stream), one write and flush per line, so multilog or
/// svlogd in front of a daemontools service receive whole lines and add their own timestamps.
/// </summary>
public sealed class StdoutMessageLogWriter : IMessageLogWriter
{
    private readonly Lock _lock = new();
    private readonly Stream _stream;

    /// <param name="stream">Where to write; null for the process's standard output.</param>
    public StdoutMessageLogWriter(Stream? stream = null)
    {
        _stream = stream ?? Console.OpenStandardOutput();
    }

    public bool Write(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        lock (_lock)
        {
            try
            {
                _stream.Write(bytes);
                _stream.Flush();
                return true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
            {
                return false;
            }
        }
    }
}
