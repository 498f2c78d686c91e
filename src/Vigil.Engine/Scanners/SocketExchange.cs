using System.Globalization;
using System.Net.Sockets;
using Vigil.Engine.Scanners.Clamd;

namespace Vigil.Engine.Scanners;

/// <summary>
/// What the clamd and spamd clients share about one request over a socket: sending whole
/// buffers, receiving a bounded reply, and saying in plain words what failed where.
/// </summary>
internal static class SocketExchange
{
    /// <summary>
    /// One request over a fresh connection: connect within <paramref name="connect"/>, then
    /// <paramref name="talk"/> sends and reads (entering <see cref="ExchangePhase.Reply"/> itself),
    /// all within <paramref name="total"/>. A timeout, a socket error or an I/O error becomes
    /// <paramref name="fail"/>(message naming the address and the phase, unreachable = it never
    /// connected, timed out = one of the three limits ended it); only the caller's own
    /// cancellation is thrown.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        string peer,
        ClamdAddress address,
        (TimeSpan Connect, TimeSpan Read, TimeSpan Total) timeouts,
        Func<Socket, ExchangeStep, Task<T>> talk,
        Func<string, bool, bool, T> fail,
        CancellationToken cancellation)
    {
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        total.CancelAfter(timeouts.Total);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(total.Token);
        using var socket = address.NewSocket();
        var step = new ExchangeStep(timer, timeouts.Read);
        try
        {
            timer.CancelAfter(timeouts.Connect);
            await socket.ConnectAsync(address.EndPoint, timer.Token).ConfigureAwait(false);
            step.Enter(ExchangePhase.Send);
            return await talk(socket, step).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            var why = TimeoutReason(peer, total.IsCancellationRequested, step.Phase, timeouts.Total, timeouts.Connect, timeouts.Read);
            return fail($"{address}: {why}", step.Phase == ExchangePhase.Connect, true);
        }
        catch (SocketException e)
        {
            return fail($"{address}: {SocketFailure(address, step.Phase, e)}", step.Phase == ExchangePhase.Connect, false);
        }
        catch (IOException e)
        {
            return fail($"{address}: {Describe(step.Phase)}: {e.Message}", false, false);
        }
    }

    public static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        while (!data.IsEmpty)
        {
            var n = await socket.SendAsync(data, SocketFlags.None, cancellation).ConfigureAwait(false);
            data = data[n..];
        }
    }

    /// <summary>
    /// Receives a reply into <paramref name="buffer"/> until the peer closes, the buffer is full,
    /// or <paramref name="terminator"/> arrives (clamd ends each reply with NUL; spamd closes).
    /// A reset after the reply started ends the read with what arrived. With
    /// <paramref name="silence"/> the step's deadline restarts after every chunk.
    /// </summary>
    /// <returns>The bytes received, and where the terminator is (-1 when it did not come).</returns>
    public static async Task<(int Length, int End)> ReceiveReplyAsync(Socket socket, byte[] buffer, int max, CancellationTokenSource step, byte? terminator, TimeSpan? silence = null)
    {
        var length = 0;
        while (length < max)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(length, max - length), SocketFlags.None, step.Token).ConfigureAwait(false);
            }
            catch (SocketException) when (length > 0)
            {
                // A reset after the reply started: use what arrived.
                n = 0;
            }

            if (n == 0)
            {
                break;
            }

            var end = terminator is { } t ? buffer.AsSpan(length, n).IndexOf(t) : -1;
            length += n;
            if (end >= 0)
            {
                return (length, length - n + end);
            }

            if (silence is { } quiet)
            {
                step.CancelAfter(quiet);
            }
        }

        return (length, -1);
    }

    /// <summary>Why a request timed out, for the error finding.</summary>
    public static string TimeoutReason(string peer, bool totalExpired, ExchangePhase phase, TimeSpan total, TimeSpan connect, TimeSpan read) =>
        totalExpired
            ? $"no answer within {Seconds(total)} (total timeout)"
            : phase == ExchangePhase.Connect
                ? $"connect timed out after {Seconds(connect)}"
                : $"{peer} silent for {Seconds(read)} while {(phase == ExchangePhase.Send ? "sending" : "waiting for the reply")}";

    /// <summary>Why a socket operation failed; .NET reports a missing unix socket as "Cannot assign requested address".</summary>
    public static string SocketFailure(ClamdAddress address, ExchangePhase phase, SocketException e)
    {
        var reason = phase == ExchangePhase.Connect && address.IsUnix && !File.Exists(address.SocketPath) ? "no such socket" : e.Message;
        return $"{Describe(phase)}: {reason}";
    }

    public static string Describe(ExchangePhase phase) => phase switch
    {
        ExchangePhase.Connect => "cannot connect",
        ExchangePhase.Send => "sending failed",
        _ => "reading the reply failed",
    };

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
