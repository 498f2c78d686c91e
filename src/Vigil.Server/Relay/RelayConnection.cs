using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Vigil.Engine.Smtp;
using Vigil.Server.Smtp;

namespace Vigil.Server.Relay;

/// <summary>
/// One SMTP connection to a next hop, greeted and past EHLO (and STARTTLS when the route tries or
/// requires it and the next hop offers it: EHLO again over TLS). It carries any number of
/// transactions, one after the other; the pool keeps it between them.
/// </summary>
internal sealed class RelayConnection : IAsyncDisposable
{
    private static readonly TimeSpan QuitBound = TimeSpan.FromSeconds(2);
    private readonly TcpClient _tcp;
    private Stream _stream;
    private SmtpReplyReader _reader;

    private RelayConnection(NextHop hop, TcpClient tcp)
    {
        Hop = hop;
        _tcp = tcp;
        _stream = Stream.Null;
        _reader = new SmtpReplyReader(_stream);
    }

    public NextHop Hop { get; }

    /// <summary>The EHLO keywords (upper case) with their parameters, e.g. `XFORWARD` → `NAME ADDR PROTO HELO`.</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; private set; } = new Dictionary<string, string>();

    /// <summary>The TLS protocol and cipher when STARTTLS was done; null in clear.</summary>
    public string? Tls { get; private set; }

    /// <summary>Transactions finished on this connection (reused when above zero).</summary>
    public int Messages { get; set; }

    /// <summary>Whether the next hop sent more than the replies asked for (never to be pooled so).</summary>
    public bool HasBufferedReplies => _reader.HasBuffered;

    /// <summary>When it was put back in the pool (Environment.TickCount64).</summary>
    public long IdleSince { get; set; }

    /// <summary>Connects, reads the greeting, says EHLO (HELO when EHLO is refused), does STARTTLS as <see cref="NextHop.Tls"/> says; the refusal or failure as a relay result otherwise.</summary>
    public static async Task<(RelayConnection? Connection, RelayResult? Failure)> OpenAsync(NextHop hop, string heloName, CancellationToken ct)
    {
        var (connection, failure, tlsFailed) = await TryOpenAsync(hop, heloName, hop.Tls != RelayTls.No, ct).ConfigureAwait(false);
        if (tlsFailed && hop.Tls == RelayTls.May)
        {
            // Opportunistic TLS that failed in the handshake: once more in clear, as Postfix's `may` does.
            (connection, failure, _) = await TryOpenAsync(hop, heloName, tryTls: false, ct).ConfigureAwait(false);
        }

        return (connection, failure);
    }

    private static async Task<(RelayConnection? Connection, RelayResult? Failure, bool TlsFailed)> TryOpenAsync(NextHop hop, string heloName, bool tryTls, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        var connection = new RelayConnection(hop, tcp);
        var keep = false;
        try
        {
            await tcp.ConnectAsync(hop.Host, hop.Port, ct).ConfigureAwait(false);
            connection._stream = tcp.GetStream();
            connection._reader = new SmtpReplyReader(connection._stream);
            var greeting = await connection.ReadAsync(ct).ConfigureAwait(false);
            if (greeting.Code != 220)
            {
                return (null, SmtpRelayClient.Refused(greeting, hop, "greeting"), false);
            }

            if (await connection.HelloAsync(heloName, ct).ConfigureAwait(false) is { } refused)
            {
                return (null, SmtpRelayClient.Refused(refused, hop, "HELO"), false);
            }

            var offered = connection.Extensions.ContainsKey("STARTTLS");
            if (hop.Tls == RelayTls.Require && !offered)
            {
                return (null, SmtpRelayClient.Failed(hop, "STARTTLS not offered and the route says tls=require"), false);
            }

            if (tryTls && offered)
            {
                var starttls = await connection.CommandAsync("STARTTLS", ct).ConfigureAwait(false);
                if (starttls.Code != 220)
                {
                    return (null, SmtpRelayClient.Failed(hop, $"STARTTLS answered {starttls.Code}"), true);
                }

                if (connection._reader.HasBuffered)
                {
                    // Bytes after the 220 in clear would be read as if they came over TLS.
                    return (null, SmtpRelayClient.Failed(hop, "data after STARTTLS's 220 in clear"), false);
                }

                var tls = new SslStream(connection._stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                connection._stream = tls;
                try
                {
                    await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = System.Net.IPAddress.TryParse(hop.Host, out _) ? "" : hop.Host }, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    return (null, SmtpRelayClient.Failed(hop, "TLS handshake failed: " + e.Message), true);
                }

                connection.Tls = $"{tls.SslProtocol} {tls.NegotiatedCipherSuite}";
                connection._reader = new SmtpReplyReader(tls);
                if (await connection.HelloAsync(heloName, ct).ConfigureAwait(false) is { } refusedOverTls)
                {
                    return (null, SmtpRelayClient.Refused(refusedOverTls, hop, "EHLO over TLS"), false);
                }
            }

            keep = true;
            return (connection, null, false);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException)
        {
            return (null, SmtpRelayClient.Failed(hop, e.Message), false);
        }
        finally
        {
            if (!keep)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>EHLO, or HELO when EHLO is refused; null when one was accepted, else the refusal.</summary>
    private async Task<SmtpReply?> HelloAsync(string heloName, CancellationToken ct)
    {
        var ehlo = await CommandAsync($"EHLO {heloName}", ct).ConfigureAwait(false);
        if (ehlo.Code == 250)
        {
            var extensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in ehlo.Lines.Skip(1))
            {
                var space = line.IndexOf(' ');
                extensions[(space < 0 ? line : line[..space]).ToUpperInvariant()] = space < 0 ? "" : line[(space + 1)..];
            }

            Extensions = extensions;
            return null;
        }

        var helo = await CommandAsync($"HELO {heloName}", ct).ConfigureAwait(false);
        Extensions = new Dictionary<string, string>();
        return helo.Code == 250 ? null : helo;
    }

    public async Task<SmtpReply> CommandAsync(string command, CancellationToken ct)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct).ConfigureAwait(false);
        return await ReadAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Several commands in one write (PIPELINING, RFC 2920); their replies are read with <see cref="ReadReplyAsync"/>, one each, in order.</summary>
    public async Task WriteCommandsAsync(IEnumerable<string> commands, CancellationToken ct)
    {
        var batch = new StringBuilder();
        foreach (var command in commands)
        {
            batch.Append(command).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(batch.ToString()), ct).ConfigureAwait(false);
    }

    /// <summary>The next reply of a pipelined batch.</summary>
    public Task<SmtpReply> ReadReplyAsync(CancellationToken ct) => ReadAsync(ct);

    /// <summary>The message as DATA's content (dot-stuffed, CRLF) and the reply to the final dot.</summary>
    public async Task<SmtpReply> SendDataAsync(byte[] prefix, Stream message, CancellationToken ct)
    {
        await DotStuffing.CopyAsync(prefix, message, _stream, ct).ConfigureAwait(false);
        return await ReadAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The next hop's next reply. What is not one is thrown like the stream's own errors: the relay
    /// has one fault path for both (the connection closed, never pooled; the message deferred, or
    /// retried on a fresh connection when a reused one failed before the message was sent).
    /// </summary>
    private async Task<SmtpReply> ReadAsync(CancellationToken ct)
    {
        var read = await _reader.ReadAsync(ct).ConfigureAwait(false);
        return read.Fault switch
        {
            SmtpReplyFault.None => new SmtpReply(read.Code, read.Lines),
            SmtpReplyFault.Closed => throw new IOException("the next hop closed the connection"),
            SmtpReplyFault.NotSmtp => throw new InvalidDataException("the next hop's reply is not SMTP"),
            SmtpReplyFault.LineTooLong => throw new InvalidDataException("the next hop's reply line is too long"),
            _ => throw new InvalidDataException("the next hop's reply has too many lines"),
        };
    }

    /// <summary>QUIT within a short bound, then closed: the way a connection leaves the pool or the daemon.</summary>
    public async Task QuitAsync()
    {
        using var timer = new CancellationTokenSource(QuitBound);
        try
        {
            await CommandAsync("QUIT", timer.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing anyway.
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
        {
            // The TLS close_notify could not be sent: the connection was going anyway.
        }

        _tcp.Dispose();
    }
}
