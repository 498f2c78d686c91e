using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Testing;

/// <summary>
/// The test's SMTP peer: a listener on 127.0.0.1 (a free port) that speaks enough SMTP for one
/// client at a time, answers with configurable replies, and records each transaction's envelope
/// and data (both as sent on the wire, dot-stuffed, and as the message).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SmtpSink()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Greeting { get; init; } = "220 sink.test ESMTP";

    public bool RefuseEhlo { get; init; }

    public string RcptReply { get; init; } = "250 ok";

    /// <summary>When set, the sink accepts the connection but never says anything.</summary>
    public bool Silent { get; init; }

    public List<Transaction> Transactions { get; } = [];

    public List<string> Commands { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            try
            {
                await Serve(client.GetStream());
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task Serve(NetworkStream stream)
    {
        if (Silent)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }

        var reader = new StreamReader(stream, new UTF8Encoding(false));
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync(Greeting);
        var current = new Transaction();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            lock (Commands)
            {
                Commands.Add(line);
            }

            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync(RefuseEhlo ? "502 no EHLO here" : "250-sink.test\r\n250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 sink.test");
                    break;
                case "MAIL":
                    current = new Transaction { MailFrom = line[10..] };
                    await writer.WriteLineAsync("250 ok");
                    break;
                case "RCPT":
                    current.RcptTo.Add(line[8..]);
                    await writer.WriteLineAsync(RcptReply);
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    var wire = new StringBuilder();
                    var message = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                    {
                        wire.Append(data).Append("\r\n");
                        message.Append(data.StartsWith('.') ? data[1..] : data).Append("\r\n");
                    }

                    current.Wire = wire.ToString();
                    current.Data = message.ToString();
                    lock (Transactions)
                    {
                        Transactions.Add(current);
                    }

                    await writer.WriteLineAsync("250 queued as 1");
                    break;
                case "RSET":
                case "NOOP":
                    await writer.WriteLineAsync("250 ok");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("500 what?");
                    break;
            }
        }
    }

    public sealed class Transaction
    {
        public string MailFrom { get; set; } = "";

        public List<string> RcptTo { get; } = [];

        public string Wire { get; set; } = "";

        public string Data { get; set; } = "";
    }
}
