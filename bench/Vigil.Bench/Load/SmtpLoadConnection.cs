using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Bench.Load;

/// <summary>
/// One SMTP client session as smtp-source keeps it: EHLO once, then per message MAIL, RCPT and
/// DATA in one write (PIPELINING), the dot-stuffed message, the reply to the dot; after
/// <c>perSession</c> messages (or a reply that ends the session) QUIT and a new connection for the next.
/// </summary>
public sealed class SmtpLoadConnection(IPEndPoint endpoint, LoadCorpus corpus, int perSession, string recipient) : ILoadConnection
{
    private readonly byte[] _envelope = Encoding.ASCII.GetBytes($"MAIL FROM:<bench@client.test>\r\nRCPT TO:<{recipient}>\r\nDATA\r\n");
    private Socket? _socket;
    private ReplyReader? _reader;
    private int _sent;

    public async ValueTask<LoadOutcome> SendAsync(int index, CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            var opened = await OpenAsync(cancellationToken);
            if (opened.Code != 250)
            {
                await CloseAsync(quit: false);
                return opened;
            }
        }

        var outcome = await TransactionAsync(corpus.Data[index], cancellationToken);
        _sent++;
        if (outcome.Code is 0 or 421 || _sent >= perSession)
        {
            await CloseAsync(quit: outcome.Code != 0);
        }

        return outcome;
    }

    private async ValueTask<LoadOutcome> OpenAsync(CancellationToken cancellationToken)
    {
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _sent = 0;
        try
        {
            await _socket.ConnectAsync(endpoint, cancellationToken);
        }
        catch (SocketException e)
        {
            return new LoadOutcome(0, "connect: " + e.SocketErrorCode);
        }

        _reader = new ReplyReader(_socket);
        var greeting = await _reader.ReadAsync(cancellationToken);
        if (greeting.Code != 220)
        {
            return greeting;
        }

        await _socket.SendAsync("EHLO bench.client.test\r\n"u8.ToArray(), SocketFlags.None, cancellationToken);
        return await _reader.ReadAsync(cancellationToken);
    }

    private async ValueTask<LoadOutcome> TransactionAsync(byte[] data, CancellationToken cancellationToken)
    {
        try
        {
            await _socket!.SendAsync(_envelope, SocketFlags.None, cancellationToken);
            var mail = await _reader!.ReadAsync(cancellationToken);
            var rcpt = await _reader.ReadAsync(cancellationToken);
            var go = await _reader.ReadAsync(cancellationToken);
            if (go.Code != 354)
            {
                var failed = mail.Code != 250 ? mail : rcpt.Code is not (250 or 251) ? rcpt : go;
                return failed;
            }

            await _socket.SendAsync(data, SocketFlags.None, cancellationToken);
            return await _reader.ReadAsync(cancellationToken);
        }
        catch (SocketException e)
        {
            return new LoadOutcome(0, "socket: " + e.SocketErrorCode);
        }
    }

    private async ValueTask CloseAsync(bool quit)
    {
        if (_socket is null)
        {
            return;
        }

        if (quit)
        {
            try
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _socket.SendAsync("QUIT\r\n"u8.ToArray(), SocketFlags.None, bound.Token);
                await _reader!.ReadAsync(bound.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // the session is over either way
            }
        }

        _socket.Dispose();
        _socket = null;
        _reader = null;
    }

    public async ValueTask DisposeAsync() => await CloseAsync(quit: true);
}
