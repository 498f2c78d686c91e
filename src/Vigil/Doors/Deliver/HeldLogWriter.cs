using Vigil.Engine.Dispositions.Logging;

namespace Vigil.Doors.Deliver;

/// <summary>
/// Holds the message log line until the door knows its exit code. Under qmail-local a dot-qmail
/// program's stdout and stderr are one stream: qmail-send logs it with the delivery and, when the
/// program exits 100, mails it to the sender in the bounce. So `vigil deliver` writes the line
/// only for exits that do not bounce; a bounce carries nothing but our short refusal.
/// </summary>
public sealed class HeldLogWriter : IMessageLogWriter
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public bool Write(string line)
    {
        _lines.Add(line);
        return true;
    }

    /// <summary>Writes the held lines to <paramref name="output"/>.</summary>
    public void WriteTo(TextWriter output)
    {
        foreach (var line in _lines)
        {
            output.WriteLine(line);
        }

        output.Flush();
    }
}
