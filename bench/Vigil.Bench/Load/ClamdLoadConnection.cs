using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Bench.Load;

/// <summary>
/// The ceiling: the raw message to clamd with zINSTREAM alone, one connection per message as
/// clamdscan --stream does (64 KB chunks, a zero-length chunk, the NUL-ended reply, at most 4 KB).
/// Code 250 for OK, 550 for FOUND, 0 for anything else.
/// </summary>
public sealed class ClamdLoadConnection(EndPoint endpoint, LoadCorpus corpus) : ILoadConnection
{
    private const int Chunk = 64 * 1024;
    private readonly byte[] _reply = new byte[4096];

    public async ValueTask<LoadOutcome> SendAsync(int index, CancellationToken cancellationToken)
    {
        var message = corpus.Raw[index];
        var protocol = endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, protocol);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            await socket.SendAsync(Request(message), SocketFlags.None, cancellationToken);
            var total = 0;
            int n;
            while (total < _reply.Length && (n = await socket.ReceiveAsync(_reply.AsMemory(total), SocketFlags.None, cancellationToken)) > 0)
            {
                total += n;
                if (_reply[total - 1] == 0)
                {
                    break;
                }
            }

            var text = Encoding.ASCII.GetString(_reply, 0, total).TrimEnd('\0');
            return text.EndsWith(" OK", StringComparison.Ordinal) ? new LoadOutcome(250, text)
                : text.EndsWith(" FOUND", StringComparison.Ordinal) ? new LoadOutcome(550, text)
                : new LoadOutcome(0, text);
        }
        catch (SocketException e)
        {
            return new LoadOutcome(0, "socket: " + e.SocketErrorCode);
        }
    }

    /// <summary>The whole request in one buffer (one write): command, chunks with their lengths, the end.</summary>
    private static byte[] Request(byte[] message)
    {
        var chunks = (message.Length + Chunk - 1) / Chunk;
        var request = new byte[10 + (4 * chunks) + message.Length + 4];
        "zINSTREAM\0"u8.CopyTo(request);
        var at = 10;
        for (var offset = 0; offset < message.Length; offset += Chunk)
        {
            var length = Math.Min(Chunk, message.Length - offset);
            BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(at), (uint)length);
            message.AsSpan(offset, length).CopyTo(request.AsSpan(at + 4));
            at += 4 + length;
        }

        return request; // the last four bytes stay 0: the zero-length chunk
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
