using System.Text;

namespace Vigil.Store.Import;

/// <summary>
/// Reads LF-terminated lines (a CR before the LF dropped) as UTF-8, never holding more than
/// <c>maxLength</c> bytes of one line: the rest of a longer line is skipped and the line flagged.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLength) : IDisposable
{
    private readonly BufferedStream _input = new(stream, 64 * 1024);
    private readonly byte[] _line = new byte[maxLength];

    /// <summary>The next line and whether it was cut; null at the end.</summary>
    public (string Line, bool TooLong)? ReadLine()
    {
        var length = 0;
        var tooLong = false;
        var any = false;
        int b;
        while ((b = _input.ReadByte()) >= 0)
        {
            any = true;
            if (b == '\n')
            {
                break;
            }

            if (length < _line.Length)
            {
                _line[length++] = (byte)b;
            }
            else
            {
                tooLong = true;
            }
        }

        if (!any)
        {
            return null;
        }

        if (length > 0 && _line[length - 1] == '\r')
        {
            length--;
        }

        return (Encoding.UTF8.GetString(_line, 0, length), tooLong);
    }

    public void Dispose() => _input.Dispose();
}
