using System.Text;

namespace Vigil.Doors;

/// <summary>
/// fd 2 as UTF-8 text for the doors' warnings and log lines, set up on the first write. Not
/// <see cref="Console.Error"/>: that one works out the terminal's encoding when first touched,
/// about 5 ms of a one-message process that, for clean mail, never writes a warning at all.
/// Thread-safe; best effort, as a log is: a line that cannot be written (a full disk) is dropped
/// rather than turning a message already quarantined or handed on into a failure.
/// </summary>
public sealed class StandardErrorWriter : TextWriter
{
    private readonly Lock _lock = new();
    private StreamWriter? _writer;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Guarded(w => w.Write(value));

    public override void Write(string? value) => Guarded(w => w.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guarded(w => w.Write(buffer, index, count));

    public override void WriteLine() => Guarded(w => w.WriteLine());

    public override void WriteLine(string? value) => Guarded(w => w.WriteLine(value));

    public override void Flush() => Guarded(w => w.Flush());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                try
                {
                    _writer?.Dispose();
                }
                catch (IOException)
                {
                }

                _writer = null;
            }
        }

        base.Dispose(disposing);
    }

    private void Guarded(Action<StreamWriter> write)
    {
        lock (_lock)
        {
            try
            {
                write(_writer ??= new StreamWriter(StandardStreams.Error(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true });
            }
            catch (IOException)
            {
            }
        }
    }
}
