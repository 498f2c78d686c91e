using System.Buffers.Binary;
using System.Net.Sockets;
using Vigil.Engine.Gateway;

namespace Vigil.Server.Local;

/// <summary>
/// A door's side of the local socket: sends one request and the spooled message, reads the reply.
/// Every step is bounded (connect, each write, the wait for the verdict, the reply's length); any
/// failure (no socket, refused, timeout, a reply that breaks the protocol) is an answer without a
/// reply, never an exception, and the door judges the message itself.
/// </summary>
public sealed class LocalSocketClient(string path, LocalClientTimeouts timeouts)
{
    public async Task<LocalAnswer> AskAsync(LocalRequest request, SpooledMessage message, CancellationToken cancellation = default)
    {
        if (message.Length > LocalProtocol.MaxMessageBytes)
        {
            return new LocalAnswer(null, $"the message is over {LocalProtocol.MaxMessageBytes} bytes");
        }

        var header = request.Encode();
        if (header.Length > LocalProtocol.MaxHeaderBytes)
        {
            return new LocalAnswer(null, $"the envelope is over {LocalProtocol.MaxHeaderBytes} bytes");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                connect.CancelAfter(timeouts.Connect);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), connect.Token).ConfigureAwait(false);
            }

            using var stream = new NetworkStream(socket, ownsSocket: false);
            var timed = new TimedStream(stream, timeouts.Reply, timeouts.Write);
            await SendAsync(timed, header, message, cancellation).ConfigureAwait(false);
            return await ReceiveAsync(timed, cancellation).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return new LocalAnswer(null, e.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "no socket there",
                SocketError.ConnectionRefused => "connection refused (no daemon listening)",
                _ => e.Message,
            });
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new LocalAnswer(null, $"no connection within {timeouts.Connect.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            return new LocalAnswer(null, e.Message);
        }
    }

    private static async Task SendAsync(TimedStream output, byte[] header, SpooledMessage message, CancellationToken cancellation)
    {
        var head = new byte[8 + header.Length + 8];
        LocalProtocol.Magic.CopyTo(head);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(4), (uint)header.Length);
        header.CopyTo(head.AsSpan(8));
        BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(8 + header.Length), message.Length);
        await output.WriteAsync(head, cancellation).ConfigureAwait(false);

        using var input = message.OpenRead();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await input.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, n), cancellation).ConfigureAwait(false);
        }
    }

    private static async Task<LocalAnswer> ReceiveAsync(TimedStream input, CancellationToken cancellation)
    {
        var head = new byte[8];
        var got = await input.ReadExactlyOrEndAsync(head, cancellation).ConfigureAwait(false);
        if (got < head.Length)
        {
            return new LocalAnswer(null, got == 0 ? "the daemon closed the connection without a reply" : "the reply ended inside its header");
        }

        if (!head.AsSpan(0, 4).SequenceEqual(LocalProtocol.Magic))
        {
            return new LocalAnswer(null, "the reply is not the Vigil local protocol");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(4));
        if (length is 0 or > LocalProtocol.MaxReplyBytes)
        {
            return new LocalAnswer(null, $"a reply length of {length}");
        }

        var body = new byte[length];
        if (await input.ReadExactlyOrEndAsync(body, cancellation).ConfigureAwait(false) < body.Length)
        {
            return new LocalAnswer(null, "the reply ended early");
        }

        if (LocalReply.TryDecode(body, out var error) is not { } reply)
        {
            return new LocalAnswer(null, "bad reply: " + error);
        }

        return new LocalAnswer(reply, reply.Status == LocalReplyStatus.Answered ? "" : reply.Problem);
    }
}
