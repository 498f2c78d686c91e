using System.Net.Sockets;
using System.Text;

namespace Vigil.Bench.Load;

/// <summary>
/// Reads SMTP replies (multi-line ones whole) from a socket, every read bounded: a line over
/// <see cref="MaxLine"/> bytes or a reply over <see cref="MaxLines"/> lines is an error.
/// </summary>
public sealed class ReplyReader(Socket socket)
{
    private const int MaxLine = 4096;
    private const int MaxLines = 100;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The reply's three-digit code and its last line, or code 0 when the peer closed or broke the rules.</summary>
    public async ValueTask<LoadOutcome> ReadAsync(CancellationToken cancellationToken)
    {
        for (var lines = 0; lines < MaxLines; lines++)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line is null || line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
            {
                return new LoadOutcome(0, line ?? "(connection closed)");
            }

            if (line.Length == 3 || line[3] != '-')
            {
                return new LoadOutcome(code, line);
            }
        }

        return new LoadOutcome(0, "(reply too long)");
    }

    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                var line = Encoding.Latin1.GetString(_buffer, _start, lf - _start).TrimEnd('\r');
                _start = lf + 1;
                return line;
            }

            if (_end - _start >= MaxLine)
            {
                return null;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var n = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return null;
            }

            _end += n;
        }
    }
}
