using System.Buffers.Binary;
using System.Net.Sockets;
using Vigil.Server.Local;

namespace Vigil.Server.Tests.Local;

/// <summary>Writes whatever bytes a test chooses to a unix socket and reads what comes back until the peer closes.</summary>
internal static class RawLocalClient
{
    /// <summary>What came back (until the daemon closed) and the reply decoded from it, when there was one.</summary>
    public sealed record Result(byte[] Bytes, LocalReply? Reply, bool Closed);

    public static async Task<Result> SendAsync(string path, byte[] bytes, bool stallAfter = false, int waitSeconds = 30)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        try
        {
            await socket.SendAsync(bytes);
            if (!stallAfter)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The daemon may close before it has read everything: what it answered is still there.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(waitSeconds));
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var closed = false;
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                if (n == 0)
                {
                    closed = true;
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException)
        {
            closed = true;
        }
        catch (OperationCanceledException)
        {
        }

        var all = received.ToArray();
        LocalReply? reply = null;
        if (all.Length >= 8 && all.AsSpan(0, 4).SequenceEqual(LocalProtocol.Magic))
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(all.AsSpan(4));
            reply = LocalReply.TryDecode(all.AsMemory(8, Math.Min(length, all.Length - 8)), out _);
        }

        return new Result(all, reply, closed);
    }

    /// <summary>A well-formed request frame for <paramref name="message"/>.</summary>
    public static byte[] Frame(LocalRequest request, byte[] message, long? claimedLength = null)
    {
        var header = request.Encode();
        var frame = new byte[8 + header.Length + 8 + message.Length];
        LocalProtocol.Magic.CopyTo(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)header.Length);
        header.CopyTo(frame.AsSpan(8));
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(8 + header.Length), claimedLength ?? message.Length);
        message.CopyTo(frame.AsSpan(16 + header.Length));
        return frame;
    }
}
