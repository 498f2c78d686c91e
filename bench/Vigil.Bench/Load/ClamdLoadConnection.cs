using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Bench.Load;

/// <summary>
/// The ceiling: clamd with zINSTREAM alone, one connection per request as clamdscan --stream does
/// (64 KB chunks, a zero-length chunk, the NUL-ended reply, at most 4 KB). With a
/// <see cref="ClamdRequestPlan"/> a message is the requests Vigil's default mode sends for it
/// (the raw message and its decoded parts, sent side by side as Vigil does); without one, the raw
/// message alone. Code 250 when every request said OK, 550 for FOUND, 0 for anything else.
/// With <paramref name="sessions"/> the requests go over kept-open zIDSESSION connections
/// instead, at most <see cref="ClamdSessionShare.Limit"/> of them shared by all the target's load sessions, as
/// Vigil's ClamdEndpointSet and ClamdSessionPool keep them: the ceiling of a client that spares
/// clamd an accept per request (more sessions than clamd's MaxThreads stall it: tried, 100 kept
/// sessions ended in clamd closing them).
/// </summary>
public sealed class ClamdLoadConnection(EndPoint endpoint, LoadCorpus corpus, byte[][][]? plan = null, ClamdSessionShare? sessions = null) : ILoadConnection
{
    private const int Chunk = 64 * 1024;

    public async ValueTask<LoadOutcome> SendAsync(int index, CancellationToken cancellationToken)
    {
        var requests = plan?[index] ?? [corpus.Raw[index]];
        if (requests.Length == 1)
        {
            return await ScanAsync(requests[0], cancellationToken);
        }

        var outcomes = await Task.WhenAll(requests.Select(r => ScanAsync(r, cancellationToken).AsTask()));
        return outcomes.Any(o => o.Code == 0) ? outcomes.First(o => o.Code == 0)
            : outcomes.Any(o => o.Code == 550) ? outcomes.First(o => o.Code == 550)
            : outcomes[0];
    }

    private async ValueTask<LoadOutcome> ScanAsync(byte[] message, CancellationToken cancellationToken)
    {
        var reply = new byte[4096];
        if (sessions is not null)
        {
            await sessions.Slots.WaitAsync(cancellationToken);
        }

        Socket? kept = null;
        var reused = sessions is not null && sessions.Idle.TryPop(out kept);
        var socket = reused ? kept! : new Socket(endpoint.AddressFamily, SocketType.Stream, endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        var keep = false;
        try
        {
            if (!reused)
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
                if (sessions is not null)
                {
                    await socket.SendAsync("zIDSESSION\0"u8.ToArray(), SocketFlags.None, cancellationToken);
                }
            }

            await socket.SendAsync(Request(message), SocketFlags.None, cancellationToken);
            var total = 0;
            int n;
            while (total < reply.Length && (n = await socket.ReceiveAsync(reply.AsMemory(total), SocketFlags.None, cancellationToken)) > 0)
            {
                total += n;
                if (reply[total - 1] == 0)
                {
                    break;
                }
            }

            var text = Encoding.ASCII.GetString(reply, 0, total).TrimEnd('\0');
            var outcome = text.EndsWith(" OK", StringComparison.Ordinal) ? new LoadOutcome(250, text)
                : text.EndsWith(" FOUND", StringComparison.Ordinal) ? new LoadOutcome(550, text)
                : new LoadOutcome(0, text);
            keep = sessions is not null && outcome.Code != 0 && total > 0 && reply[total - 1] == 0;
            return outcome;
        }
        catch (SocketException e)
        {
            return new LoadOutcome(0, "socket: " + e.SocketErrorCode);
        }
        finally
        {
            if (keep)
            {
                sessions!.Idle.Push(socket);
            }
            else
            {
                socket.Dispose();
            }

            sessions?.Slots.Release();
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

    /// <summary>Ends the target's idle sessions (each connection's dispose ends those idle then; the last leaves none).</summary>
    public async ValueTask DisposeAsync()
    {
        while (sessions is not null && sessions.Idle.TryPop(out var session))
        {
            try
            {
                await session.SendAsync("zEND\0"u8.ToArray(), SocketFlags.None);
            }
            catch (SocketException)
            {
                // clamd closed it already (its IdleTimeout): nothing to end
            }

            session.Dispose();
        }
    }
}
