using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// clamd's native protocol: <c>zPING</c>, <c>zVERSION</c> and <c>zINSTREAM</c> (chunks framed by
/// a 4-byte big-endian length, ended by a zero length), one connection per request, or
/// (<see cref="ScanAsync"/>) over kept-open <c>zIDSESSION</c> connections. Every expected
/// failure (refused, timed out, closed, garbage) comes back as a result; only the caller's own
/// cancellation throws.
/// </summary>
public sealed class ClamdClient
{
    private const int ChunkSize = 64 * 1024;
    private const int MaxReply = 4096;


    public ClamdClient(ClamdAddress address, ClamdTimeouts? timeouts = null)
    {
        Address = address;
        Timeouts = timeouts ?? ClamdTimeouts.Default;
    }

    public ClamdAddress Address { get; }

    public ClamdTimeouts Timeouts { get; }

    /// <summary>PING; Ok when clamd answers PONG.</summary>
    public async Task<ClamdCommandReply> PingAsync(CancellationToken cancellation = default)
    {
        var (reply, failure) = await ExchangeAsync("PING", null, cancellation).ConfigureAwait(false);
        if (failure is not null)
        {
            return new ClamdCommandReply(false, failure.Detail);
        }

        return reply == "PONG"
            ? new ClamdCommandReply(true, reply)
            : new ClamdCommandReply(false, $"{Address}: unexpected reply to PING: \"{ClamdReplyParser.Printable(reply!)}\"");
    }

    /// <summary>VERSION: the engine and signature versions, e.g. "ClamAV 1.4.6/27000/Mon Jan 1 2026".</summary>
    public async Task<ClamdCommandReply> VersionAsync(CancellationToken cancellation = default)
    {
        var (reply, failure) = await ExchangeAsync("VERSION", null, cancellation).ConfigureAwait(false);
        if (failure is not null)
        {
            return new ClamdCommandReply(false, failure.Detail);
        }

        return reply!.StartsWith("ClamAV ", StringComparison.Ordinal)
            ? new ClamdCommandReply(true, reply)
            : new ClamdCommandReply(false, $"{Address}: unexpected reply to VERSION: \"{ClamdReplyParser.Printable(reply)}\"");
    }

    /// <summary>Sends <paramref name="content"/> (read to its end) with INSTREAM and reads the verdict.</summary>
    public async Task<ClamdResult> ScanStreamAsync(Stream content, CancellationToken cancellation = default)
    {
        var (reply, failure) = await ExchangeAsync("INSTREAM", content, cancellation).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        var result = ClamdReplyParser.Parse(reply!);
        return result.Outcome == ClamdOutcome.Error ? result with { Detail = $"{Address}: {result.Detail}" } : result;
    }

    /// <summary>Idle sessions to this client's clamd, shared by every client of the same address (for tests).</summary>
    public int IdleSessions => ClamdSessionPool.Count(Address);

    /// <summary>
    /// Scans the stream <paramref name="open"/> returns with INSTREAM over a kept-open session: an
    /// idle one when there is one, else a new one. A reused session found closed before it
    /// answered is dropped and the stream is sent again on a fresh connection (once), so a stale
    /// session costs a resend, never a verdict. <c>Unreachable</c> is set only when a fresh
    /// connection cannot be made, as for <see cref="ScanStreamAsync"/>.
    /// </summary>
    public async Task<ClamdResult> ScanAsync(Func<Stream> open, CancellationToken cancellation = default)
    {
        if (ClamdSessionPool.Take(Address) is { } session)
        {
            var reused = await ScanInAsync(session, open, cancellation).ConfigureAwait(false);
            if (!reused.IsBroken)
            {
                return reused.Result;
            }

            // A dead session: the other idle ones likely died with it (a clamd restart).
            ClamdSessionPool.Drop(Address);
        }

        var (fresh, failure) = await ClamdSession.OpenAsync(Address, Timeouts, cancellation).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        return (await ScanInAsync(fresh!, open, cancellation).ConfigureAwait(false)).Result;
    }

    private async Task<ClamdSessionReply> ScanInAsync(ClamdSession session, Func<Stream> open, CancellationToken cancellation)
    {
        ClamdSessionReply reply;
        try
        {
            using var content = open();
            reply = await session.ScanStreamAsync(content, Timeouts, cancellation).ConfigureAwait(false);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        if (reply.Reusable)
        {
            ClamdSessionPool.Return(Address, session);
        }
        else
        {
            session.Dispose();
        }

        return reply;
    }

    /// <summary>One request: connect, send the command (and the stream), read one NUL-ended reply.</summary>
    private Task<(string? Reply, ClamdResult? Failure)> ExchangeAsync(string command, Stream? content, CancellationToken cancellation) =>
        SocketExchange.RunAsync(
            "clamd",
            Address,
            (Timeouts.Connect, Timeouts.Read, Timeouts.Total),
            async (socket, step) =>
            {
                var request = Encoding.ASCII.GetBytes("z" + command + "\0");
                if (content is null)
                {
                    await SocketExchange.SendAllAsync(socket, request, step.Token).ConfigureAwait(false);
                }
                else
                {
                    await SendFramedAsync(socket, request, content, step.Timer, Timeouts.Read).ConfigureAwait(false);
                }

                step.Enter(ExchangePhase.Reply);
                var (reply, failure, _) = await ReadReplyAsync(socket, step.Timer).ConfigureAwait(false);
                return (reply, failure);
            },
            static (message, unreachable, timedOut) => ((string?)null, (ClamdResult?)ClamdResult.Error(message, unreachable, timedOut)),
            cancellation);

    /// <summary>
    /// Sends <paramref name="command"/>, then the content in framed chunks and the terminator. The
    /// command, the first chunk and (when the content ends within it) the terminator go out in one
    /// write: a mail is one chunk, and three writes were three wake-ups of clamd's reader for one
    /// request. clamd hangs up as soon as the stream passes its StreamMaxLength (after writing its
    /// reply), so a failed send ends the sending quietly: the reply, read next, says what happened.
    /// </summary>
    internal static async Task SendFramedAsync(Socket socket, ReadOnlyMemory<byte> command, Stream content, CancellationTokenSource step, TimeSpan silence)
    {
        var head = command.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(head + 4 + ChunkSize + 4);
        try
        {
            command.CopyTo(buffer);
            while (true)
            {
                var n = await ReadFullAsync(content, buffer.AsMemory(head + 4, ChunkSize), step.Token).ConfigureAwait(false);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(head), (uint)n);
                var length = head + 4 + n;

                // A short chunk is the last one (ReadFullAsync fills the chunk unless the content ended).
                var last = n < ChunkSize;
                if (last && n > 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(length), 0);
                    length += 4;
                }

                step.CancelAfter(silence);
                if (!await TrySendAsync(socket, buffer.AsMemory(0, length), step.Token).ConfigureAwait(false) || last)
                {
                    return;
                }

                head = 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One NUL-ended reply; <c>Closed</c> when the peer hung up before sending a byte of it.</summary>
    internal static async Task<(string? Reply, ClamdResult? Failure, bool Closed)> ReadReplyAsync(Socket socket, CancellationTokenSource step)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxReply);
        try
        {
            var (length, end) = await SocketExchange.ReceiveReplyAsync(socket, buffer, MaxReply, step, terminator: 0).ConfigureAwait(false);
            if (end >= 0)
            {
                return (Encoding.Latin1.GetString(buffer, 0, end), null, false);
            }

            if (length == 0)
            {
                return (null, ClamdResult.Error("clamd closed the connection without a reply"), true);
            }

            // clamd always ends a z-command reply with NUL; without one the reply may be cut.
            return length >= MaxReply
                ? (null, ClamdResult.Error($"reply longer than {MaxReply} bytes: \"{ClamdReplyParser.Printable(Encoding.Latin1.GetString(buffer, 0, 64))}\""), false)
                : (Encoding.Latin1.GetString(buffer, 0, length), null, false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ReadFullAsync(Stream content, Memory<byte> into, CancellationToken cancellation)
    {
        var total = 0;
        while (total < into.Length)
        {
            var n = await content.ReadAsync(into[total..], cancellation).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }


    /// <summary>Sends; false when clamd has closed its end (EPIPE, ECONNRESET).</summary>
    private static async Task<bool> TrySendAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        try
        {
            await SocketExchange.SendAllAsync(socket, data, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }



}
