using System.Buffers.Binary;

namespace Vigil.Server.Milter;

/// <summary>
/// Reads milter packets: a 4-byte big-endian length (the command byte and its data), the command,
/// the data. Every read is bounded: a length over <c>maxLength</c> is refused before a byte of
/// it is read, so a lying length costs nothing, and the buffer never grows past the limit.
/// </summary>
internal sealed class MilterPacketReader(Stream input, int maxLength)
{
    private readonly byte[] _length = new byte[4];
    private byte[] _buffer = new byte[4096];

    public async ValueTask<MilterPacket> ReadAsync(CancellationToken cancellation)
    {
        var got = await input.ReadAtLeastAsync(_length, _length.Length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
        if (got == 0)
        {
            return MilterPacket.Closed;
        }

        if (got < _length.Length)
        {
            return MilterPacket.Truncated;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_length);
        if (length == 0 || length > (uint)maxLength)
        {
            return MilterPacket.BadLength(length);
        }

        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Min(maxLength, Math.Max((int)length, _buffer.Length * 2))];
        }

        var body = _buffer.AsMemory(0, (int)length);
        got = await input.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
        if (got < body.Length)
        {
            return MilterPacket.Truncated;
        }

        return new MilterPacket(MilterReadStatus.Packet, body.Span[0], body[1..], length);
    }
}
