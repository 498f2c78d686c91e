using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Vigil.Engine.Sanitizing;
using Vigil.Engine.Scanners.Clamd;

namespace Vigil.Engine.Scanners.Spamd;

/// <summary>
/// SpamAssassin's spamd protocol (SPAMC/1.5), one connection per request: <c>PING</c>, and
/// <c>CHECK</c>/<c>SYMBOLS</c>/<c>REPORT</c> with a Content-length header and the message. The
/// address syntax is clamd's (tcp:host:port, unix:/path). Every expected failure (refused, timed
/// out, closed, garbage) comes back as a result; only the caller's own cancellation throws.
/// </summary>
public sealed class SpamdClient
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>A REPORT is a few KB; more is not spamd.</summary>
    private const int MaxReply = 256 * 1024;

    public SpamdClient(ClamdAddress address, SpamdTimeouts? timeouts = null, string? user = null)
    {
        Address = address;
        Timeouts = timeouts ?? SpamdTimeouts.Default;
        User = user;
    }

    public ClamdAddress Address { get; }

    public SpamdTimeouts Timeouts { get; }

    /// <summary>The User header (spamd's per-user preferences), or null for spamd's default.</summary>
    public string? User { get; }

    /// <summary>PING; Ok when spamd answers "SPAMD/1.x 0 PONG".</summary>
    public async Task<ClamdCommandReply> PingAsync(CancellationToken cancellation = default)
    {
        var (reply, failure) = await ExchangeAsync("PING SPAMC/1.5\r\n\r\n", null, 0, cancellation).ConfigureAwait(false);
        if (failure is not null)
        {
            return new ClamdCommandReply(false, failure.Detail);
        }

        var firstLine = reply!.Split("\r\n", 2)[0];
        return SpamdReplyParser.TryStatus(firstLine, out var code, out var message) && code == 0 && message == "PONG"
            ? new ClamdCommandReply(true, firstLine)
            : new ClamdCommandReply(false, $"{Address}: unexpected reply to PING: \"{PrintableAscii.Of(firstLine, 120)}\"");
    }

    /// <summary>Sends exactly <paramref name="length"/> bytes of <paramref name="content"/> and reads spamd's judgement.</summary>
    public async Task<SpamdResult> CheckAsync(Stream content, long length, SpamdCommand command = SpamdCommand.Symbols, CancellationToken cancellation = default)
    {
        var verb = command switch
        {
            SpamdCommand.Check => "CHECK",
            SpamdCommand.Report => "REPORT",
            _ => "SYMBOLS",
        };
        var header = new StringBuilder(verb).Append(" SPAMC/1.5\r\nContent-length: ")
            .Append(length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (User is { Length: > 0 } user && IsHeaderSafe(user))
        {
            header.Append("User: ").Append(user).Append("\r\n");
        }

        header.Append("\r\n");
        var (reply, failure) = await ExchangeAsync(header.ToString(), content, length, cancellation).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        var result = SpamdReplyParser.Parse(reply!, command);
        return result.Outcome == SpamdOutcome.Error ? result with { Detail = $"{Address}: {result.Detail}" } : result;
    }

    /// <summary>One request: connect, send the header (and the message), read the reply to spamd's close.</summary>
    private Task<(string? Reply, SpamdResult? Failure)> ExchangeAsync(string header, Stream? content, long length, CancellationToken cancellation) =>
        SocketExchange.RunAsync(
            "spamd",
            Address,
            (Timeouts.Connect, Timeouts.Read, Timeouts.Total),
            async (socket, step) =>
            {
                await SocketExchange.SendAllAsync(socket, Encoding.ASCII.GetBytes(header), step.Token).ConfigureAwait(false);
                if (content is not null)
                {
                    if (!await SendBodyAsync(socket, content, length, step.Timer, Timeouts.Read).ConfigureAwait(false))
                    {
                        return (null, SpamdResult.Error($"{Address}: the message was shorter than its announced {length.ToString(CultureInfo.InvariantCulture)} bytes"));
                    }

                    // spamd reads Content-length bytes; the half-close tells an older one the body ended.
                    socket.Shutdown(SocketShutdown.Send);
                }

                step.Enter(ExchangePhase.Reply);
                return await ReadReplyAsync(socket, step.Timer, Timeouts.Read).ConfigureAwait(false);
            },
            static (message, unreachable, timedOut) => ((string?)null, (SpamdResult?)SpamdResult.Error(message, unreachable, timedOut)),
            cancellation);

    /// <summary>Sends exactly <paramref name="length"/> bytes; false when the stream ends before that.</summary>
    private static async Task<bool> SendBodyAsync(Socket socket, Stream content, long length, CancellationTokenSource step, TimeSpan silence)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var left = length;
            while (left > 0)
            {
                var n = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ChunkSize, left)), step.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return false;
                }

                step.CancelAfter(silence);
                await SocketExchange.SendAllAsync(socket, buffer.AsMemory(0, n), step.Token).ConfigureAwait(false);
                left -= n;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>spamd writes its reply and closes: read to the close, bounded.</summary>
    private static async Task<(string? Reply, SpamdResult? Failure)> ReadReplyAsync(Socket socket, CancellationTokenSource step, TimeSpan silence)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxReply);
        try
        {
            var (length, _) = await SocketExchange.ReceiveReplyAsync(socket, buffer, MaxReply, step, terminator: null, silence).ConfigureAwait(false);
            if (length == 0)
            {
                return (null, SpamdResult.Error("spamd closed the connection without a reply"));
            }

            return length >= MaxReply
                ? (null, SpamdResult.Error($"reply longer than {MaxReply} bytes"))
                : (Encoding.Latin1.GetString(buffer, 0, length), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A user name goes into a header line: printable ASCII only, no line breaks.</summary>
    private static bool IsHeaderSafe(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }



}
