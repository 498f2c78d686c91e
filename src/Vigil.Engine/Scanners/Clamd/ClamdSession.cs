using System.Globalization;
using System.Net.Sockets;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// One clamd connection kept open with <c>zIDSESSION</c>, so a run pays one connect instead of one
/// per request. Used by one request at a time. clamd prefixes each reply in a session with the
/// request's number ("3: stream: OK"); a reply with another number, a cut reply or any failure
/// retires the session. A session found closed before any reply (clamd's IdleTimeout, a restart)
/// is <see cref="ClamdSessionReply.Broken"/>: the caller sends again on a fresh connection, and
/// a broken exchange is never read as a verdict.
/// </summary>
internal sealed class ClamdSession : IDisposable
{
    private static readonly byte[] Instream = "zINSTREAM\0"u8.ToArray();
    private readonly Socket _socket;
    private readonly ClamdAddress _address;
    private int _lastId;

    private ClamdSession(Socket socket, ClamdAddress address)
    {
        _socket = socket;
        _address = address;
    }

    /// <summary>When the session was last handed back (Environment.TickCount64).</summary>
    public long IdleSince { get; private set; }

    /// <summary>Connects and starts the session; a failure comes back as an error result.</summary>
    public static async Task<(ClamdSession? Session, ClamdResult? Failure)> OpenAsync(ClamdAddress address, ClamdTimeouts timeouts, CancellationToken cancellation)
    {
        var socket = address.NewSocket();
        var phase = ExchangePhase.Connect;
        using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            step.CancelAfter(timeouts.Connect);
            await socket.ConnectAsync(address.EndPoint, step.Token).ConfigureAwait(false);
            phase = ExchangePhase.Send;
            step.CancelAfter(timeouts.Read);
            await SocketExchange.SendAllAsync(socket, "zIDSESSION\0"u8.ToArray(), step.Token).ConfigureAwait(false);
            return (new ClamdSession(socket, address), null);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            var why = SocketExchange.TimeoutReason("clamd", false, phase, timeouts.Total, timeouts.Connect, timeouts.Read);
            return (null, ClamdResult.Error($"{address}: {why}", unreachable: phase == ExchangePhase.Connect, timedOut: true));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, ClamdResult.Error($"{address}: {SocketExchange.SocketFailure(address, phase, e)}", unreachable: phase == ExchangePhase.Connect));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>INSTREAM within the session.</summary>
    public async Task<ClamdSessionReply> ScanStreamAsync(Stream content, ClamdTimeouts timeouts, CancellationToken cancellation)
    {
        var id = ++_lastId;
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        total.CancelAfter(timeouts.Total);
        using var step = CancellationTokenSource.CreateLinkedTokenSource(total.Token);
        var phase = ExchangePhase.Send;
        try
        {
            step.CancelAfter(timeouts.Read);
            await ClamdClient.SendFramedAsync(_socket, Instream, content, step, timeouts.Read).ConfigureAwait(false);
            phase = ExchangePhase.Reply;
            step.CancelAfter(timeouts.Read);
            var (reply, failure, closed) = await ClamdClient.ReadReplyAsync(_socket, step).ConfigureAwait(false);
            if (closed)
            {
                return ClamdSessionReply.Broken($"{_address}: clamd closed the session without a reply");
            }

            if (failure is not null)
            {
                return new ClamdSessionReply(failure with { Detail = $"{_address}: {failure.Detail}" }, false, false);
            }

            if (!TryStripId(reply!, id, out var rest))
            {
                return new ClamdSessionReply(
                    ClamdResult.Error($"{_address}: session reply without request number {id.ToString(CultureInfo.InvariantCulture)}: \"{ClamdReplyParser.Printable(reply!)}\""), false, false);
            }

            var result = ClamdReplyParser.Parse(rest);
            if (result.Outcome == ClamdOutcome.Error)
            {
                result = result with { Detail = $"{_address}: {result.Detail}" };
            }

            // Only a verdict leaves the session in a known state; clamd ends it after a size-limit or other error.
            return new ClamdSessionReply(result, Reusable: result.Outcome is ClamdOutcome.Clean or ClamdOutcome.Infected, IsBroken: false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            var why = SocketExchange.TimeoutReason("clamd", total.IsCancellationRequested, phase, timeouts.Total, timeouts.Connect, timeouts.Read);
            return new ClamdSessionReply(ClamdResult.Error($"{_address}: {why}", timedOut: true), false, false);
        }
        catch (SocketException e)
        {
            // Reset or refused write before any reply: the session was dead when we took it.
            return ClamdSessionReply.Broken($"{_address}: {SocketExchange.Describe(phase)} in session: {e.Message}");
        }
        catch (IOException e)
        {
            return ClamdSessionReply.Broken($"{_address}: {SocketExchange.Describe(phase)} in session: {e.Message}");
        }
    }

    public void MarkIdle() => IdleSince = Environment.TickCount64;

    /// <summary>Says END when it can (clamd then closes quietly), then closes.</summary>
    public void Dispose()
    {
        try
        {
            // Never wait on a peer that stopped reading: a full buffer just skips the END.
            _socket.Blocking = false;
            _socket.Send("zEND\0"u8, SocketFlags.None);
        }
        catch (SocketException)
        {
            // Already gone: nothing to end.
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    /// <summary>"12: stream: OK" with id 12 gives "stream: OK".</summary>
    internal static bool TryStripId(string reply, int id, out string rest)
    {
        rest = "";
        var colon = reply.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || colon > 10 || !int.TryParse(reply.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var got) || got != id)
        {
            return false;
        }

        rest = reply[(colon + 2)..];
        return true;
    }
}
