using System.Globalization;
using System.Text;

namespace Vigil.Engine.Smtp;

/// <summary>
/// Reads a server's SMTP replies ("250-first", ..., "250 last": RFC 5321 4.2.1) from a stream, one
/// at a time and in order (several pipelined replies may arrive in one read). Vigil's SMTP clients
/// (notifications and the gateway's relay to the next hop) read through it. What is not a
/// reply comes back as a <see cref="SmtpReplyFault"/>; the stream's own errors (I/O, cancellation)
/// pass through. After a fault the reader is out of step: the caller closes the connection.
/// </summary>
public sealed class SmtpReplyReader(Stream stream)
{
    /// <summary>
    /// The longest line, CRLF not counted. RFC 5321 4.5.3.1.5 allows 512 octets with it, but real
    /// servers exceed that in greetings and refusal texts; four times it keeps them while a server
    /// that sends no line end cannot make us hold more than this per line.
    /// </summary>
    public const int MaxLineBytes = 2048;

    /// <summary>
    /// The most lines in one reply. The longest a server sends in practice is EHLO's, one line per
    /// extension (some 10 to 30); this bounds a reply a server never ends to 100 × <see cref="MaxLineBytes"/>.
    /// </summary>
    public const int MaxLines = 100;

    private readonly byte[] _buffer = new byte[8192];

    // Room for the CR before the LF as well.
    private readonly byte[] _line = new byte[MaxLineBytes + 1];
    private int _start;
    private int _end;

    /// <summary>
    /// True when bytes past the last reply read were received: more replies than were asked for
    /// (out of step), or after STARTTLS's 220 bytes in clear that would pass as if they came over TLS.
    /// </summary>
    public bool HasBuffered => _end > _start;

    public async Task<SmtpReplyResult> ReadAsync(CancellationToken cancellation)
    {
        var lines = new List<string>();
        var code = 0;
        while (lines.Count < MaxLines)
        {
            var (fault, line) = await ReadLineAsync(cancellation).ConfigureAwait(false);
            if (fault != SmtpReplyFault.None)
            {
                return SmtpReplyResult.Failed(fault);
            }

            if (!TryCode(line, out var lineCode) || (code != 0 && lineCode != code))
            {
                return SmtpReplyResult.NotSmtp(line);
            }

            code = lineCode;
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReplyResult(code, lines, SmtpReplyFault.None);
            }
        }

        return SmtpReplyResult.Failed(SmtpReplyFault.TooManyLines);
    }

    /// <summary>Three digits, then the end of the line, a space (the last line) or a hyphen (more follow).</summary>
    private static bool TryCode(string line, out int code)
    {
        code = 0;
        return line.Length >= 3
            && (line.Length == 3 || line[3] is ' ' or '-')
            && int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out code);
    }

    /// <summary>The next line without its CRLF (a bare LF ends one too).</summary>
    private async Task<(SmtpReplyFault Fault, string Line)> ReadLineAsync(CancellationToken cancellation)
    {
        var length = 0;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = 0;
                _end = await stream.ReadAsync(_buffer, cancellation).ConfigureAwait(false);
                if (_end == 0)
                {
                    return (SmtpReplyFault.Closed, "");
                }
            }

            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var take = (lf < 0 ? _end : lf) - _start;
            if (length + take > _line.Length)
            {
                return (SmtpReplyFault.LineTooLong, "");
            }

            Buffer.BlockCopy(_buffer, _start, _line, length, take);
            length += take;
            if (lf < 0)
            {
                _start = _end;
                continue;
            }

            _start = lf + 1;
            if (length > 0 && _line[length - 1] == '\r')
            {
                length--;
            }

            return length > MaxLineBytes ? (SmtpReplyFault.LineTooLong, "") : (SmtpReplyFault.None, Encoding.UTF8.GetString(_line, 0, length));
        }
    }
}
