using System.Text;
using Vigil.Server.Smtp;

namespace Vigil.Server.Relay;

/// <summary>Reads the next hop's (possibly multi-line) replies, bounded in lines and line length.</summary>
internal sealed class RelayReplyReader(Stream stream)
{
    private const int MaxReplyLines = 100;
    private const int MaxReplyLine = 4096;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>True when bytes past the last reply were received (after STARTTLS's 220 they would be injected in clear).</summary>
    public bool HasBuffered => _end > _start;

    public async Task<SmtpReply> ReadAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        var code = 0;
        while (lines.Count < MaxReplyLines)
        {
            var line = await ReadLineAsync(ct).ConfigureAwait(false);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var lineCode)
                || (line.Length > 3 && line[3] is not (' ' or '-')) || (code != 0 && lineCode != code))
            {
                throw new InvalidDataException("the next hop's reply is not SMTP");
            }

            code = lineCode;
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }
        }

        throw new InvalidDataException("the next hop's reply has too many lines");
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var line = new StringBuilder();
        while (true)
        {
            for (var i = _start; i < _end; i++)
            {
                if (_buffer[i] == '\n')
                {
                    line.Append(Encoding.UTF8.GetString(_buffer, _start, i - _start));
                    _start = i + 1;
                    return line.ToString().TrimEnd('\r');
                }
            }

            line.Append(Encoding.UTF8.GetString(_buffer, _start, _end - _start));
            if (line.Length > MaxReplyLine)
            {
                throw new InvalidDataException("the next hop's reply line is too long");
            }

            _start = 0;
            _end = await stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
            if (_end == 0)
            {
                throw new IOException("the next hop closed the connection");
            }
        }
    }
}
