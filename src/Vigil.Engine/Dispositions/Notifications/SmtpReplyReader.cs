using System.Globalization;
using System.Text;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Reads SMTP replies ("250-first", "250 last") from a stream with bounds: a line is at most
/// <see cref="MaxLineBytes"/> bytes (the rest is dropped) and a reply at most
/// <see cref="MaxLines"/> lines, so a hostile or broken server cannot make Vigil buffer without end.
/// </summary>
internal sealed class SmtpReplyReader(Stream stream)
{
    public const int MaxLineBytes = 2048;
    public const int MaxLines = 100;

    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public async Task<SmtpReply> ReadAsync(CancellationToken cancellation)
    {
        var text = new StringBuilder();
        for (var lines = 0; lines < MaxLines; lines++)
        {
            var line = await ReadLineAsync(cancellation).ConfigureAwait(false);
            if (line is null)
            {
                return new SmtpReply(0, "connection closed by the server");
            }

            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                return new SmtpReply(0, "not an SMTP reply: " + Printable(line));
            }

            if (text.Length > 0)
            {
                text.Append(" / ");
            }

            text.Append(line.Length > 4 ? Printable(line[4..]) : "");
            if (line.Length == 3 || line[3] != '-')
            {
                return new SmtpReply(code, text.ToString());
            }
        }

        return new SmtpReply(0, $"reply longer than {MaxLines} lines");
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellation)
    {
        var line = new List<byte>(128);
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellation).ConfigureAwait(false);
                if (_end == 0)
                {
                    return null;
                }
            }

            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = lf < 0 ? _end : lf;
            for (var i = _start; i < stop && line.Count < MaxLineBytes; i++)
            {
                line.Add(_buffer[i]);
            }

            if (lf < 0)
            {
                _start = _end;
                continue;
            }

            _start = lf + 1;
            if (line.Count > 0 && line[^1] == '\r')
            {
                line.RemoveAt(line.Count - 1);
            }

            return Encoding.UTF8.GetString([.. line]);
        }
    }

    private static string Printable(string s) => HeaderText.Sanitize(s, 300);
}
