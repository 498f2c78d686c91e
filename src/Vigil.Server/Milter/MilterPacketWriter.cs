using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Server.Milter;

/// <summary>
/// Builds milter replies (length, reply byte, data) and sends everything gathered in one write:
/// the modifications and the final answer to end-of-message go out together.
/// </summary>
internal sealed class MilterPacketWriter(Stream output)
{
    private readonly ArrayBufferWriter<byte> _pending = new(256);

    public void Add(byte response) => Add(response, []);

    public void Add(byte response, ReadOnlySpan<byte> data)
    {
        var span = _pending.GetSpan(5 + data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)(data.Length + 1));
        span[4] = response;
        data.CopyTo(span[5..]);
        _pending.Advance(5 + data.Length);
    }

    /// <summary>A reply whose data is NUL-terminated strings (header name and value, a reply text).</summary>
    public void AddStrings(byte response, params ReadOnlySpan<byte[]> fields) => AddStrings(response, null, fields);

    /// <summary>As <see cref="AddStrings(byte, ReadOnlySpan{byte[]})"/>, with a 4-byte index first (insert or change a header).</summary>
    public void AddStrings(byte response, uint? index, params ReadOnlySpan<byte[]> fields)
    {
        var length = index is null ? 0 : 4;
        foreach (var field in fields)
        {
            length += field.Length + 1;
        }

        var data = new byte[length];
        var at = 0;
        if (index is { } i)
        {
            BinaryPrimitives.WriteUInt32BigEndian(data, i);
            at = 4;
        }

        foreach (var field in fields)
        {
            field.CopyTo(data, at);
            at += field.Length + 1;
        }

        Add(response, data);
    }

    public async ValueTask FlushAsync(CancellationToken cancellation)
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        await output.WriteAsync(_pending.WrittenMemory, cancellation).ConfigureAwait(false);
        await output.FlushAsync(cancellation).ConfigureAwait(false);
        _pending.Clear();
    }
}
