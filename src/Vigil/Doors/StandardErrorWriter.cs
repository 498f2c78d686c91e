using System.Text;

namespace Vigil.Doors;

/// <summary>
/// fd 2 as UTF-8 text for the doors' warnings and log lines, set up on the first write. Not
/// <see cref="Console.Error"/>: that one works out the terminal's encoding when first touched,
/// about 5 ms of a one-message process that, for clean mail, never writes a warning at all.
/// </summary>
public sealed class StandardErrorWriter : TextWriter
{
    private StreamWriter? _writer;

    public override Encoding Encoding => Encoding.UTF8;

    private StreamWriter Writer => _writer ??= new StreamWriter(StandardStreams.Error(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };

    public override void Write(char value) => Writer.Write(value);

    public override void Write(string? value) => Writer.Write(value);

    public override void WriteLine(string? value) => Writer.WriteLine(value);

    public override void Flush() => _writer?.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer?.Dispose();
        }

        base.Dispose(disposing);
    }
}
