namespace Vigil.Server.Relay;

/// <summary>Writes a message as SMTP DATA: CRLF line ends, leading dots doubled, the lone dot at the end.</summary>
public static class DotStuffing
{
    public static async Task CopyAsync(byte[] prefix, Stream message, Stream output, CancellationToken ct)
    {
        var writer = new StuffingWriter(output);
        await writer.WriteAsync(prefix, ct).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await message.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            await writer.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
        }

        await writer.FinishAsync(ct).ConfigureAwait(false);
    }

    private sealed class StuffingWriter(Stream output)
    {
        private bool _lineStart = true;
        private bool _pendingCr;

        public async Task WriteAsync(ReadOnlyMemory<byte> input, CancellationToken ct)
        {
            // Each input byte becomes at most two output bytes.
            var _out = new byte[(input.Length * 2) + 2];
            var o = Stuff(input.Span, _out);
            await output.WriteAsync(_out.AsMemory(0, o), ct).ConfigureAwait(false);
        }

        private int Stuff(ReadOnlySpan<byte> input, byte[] _out)
        {
            var o = 0;
            foreach (var b in input)
            {
                if (_pendingCr)
                {
                    _pendingCr = false;
                    if (b == '\n')
                    {
                        _out[o++] = (byte)'\r';
                        _out[o++] = (byte)'\n';
                        _lineStart = true;
                        continue;
                    }

                    _out[o++] = (byte)'\r';
                    _lineStart = false;
                }

                if (b == '\r')
                {
                    _pendingCr = true;
                    continue;
                }

                if (b == '\n')
                {
                    _out[o++] = (byte)'\r';
                    _out[o++] = (byte)'\n';
                    _lineStart = true;
                    continue;
                }

                if (_lineStart && b == '.')
                {
                    _out[o++] = (byte)'.';
                }

                _out[o++] = b;
                _lineStart = false;
            }

            return o;
        }

        public async Task FinishAsync(CancellationToken ct)
        {
            var tail = new List<byte>();
            if (_pendingCr)
            {
                tail.Add((byte)'\r');
                _lineStart = false;
            }

            if (!_lineStart)
            {
                tail.AddRange("\r\n"u8.ToArray());
            }

            tail.AddRange(".\r\n"u8.ToArray());
            await output.WriteAsync(tail.ToArray(), ct).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}
