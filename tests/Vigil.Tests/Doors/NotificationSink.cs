using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Tests.Doors;

/// <summary>
/// A local SMTP peer for the door tests: listens on 127.0.0.1 (a free port), accepts every
/// envelope and records each transaction (MAIL FROM, RCPT TO, the message with dot-stuffing undone).
/// The door under test reaches it through `notifyvia=smtp:127.0.0.1:PORT`.
/// </summary>
internal sealed class NotificationSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Mail> _mails = [];
    private readonly Task _loop;

    public NotificationSink()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The `options` line that sends notifications here.</summary>
    public string NotifyVia => $"notifyvia=smtp:127.0.0.1:{Port}\n";

    public IReadOnlyList<Mail> Mails
    {
        get
        {
            lock (_mails)
            {
                return [.. _mails];
            }
        }
    }

    /// <summary>The mails whose envelope recipients include <paramref name="address"/>.</summary>
    public List<Mail> To(string address) => Mails.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

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
        var reader = new StreamReader(stream, new UTF8Encoding(false));
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink.test ESMTP");
        var from = "";
        var recipients = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 sink.test");
                    break;
                case "MAIL":
                    from = Unbracket(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..]);
                    recipients = [];
                    await writer.WriteLineAsync("250 ok");
                    break;
                case "RCPT":
                    recipients.Add(Unbracket(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..]));
                    await writer.WriteLineAsync("250 ok");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } d && d != ".")
                    {
                        data.Append(d.StartsWith('.') ? d[1..] : d).Append("\r\n");
                    }

                    lock (_mails)
                    {
                        _mails.Add(new Mail(from, recipients, data.ToString()));
                    }

                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 ok");
                    break;
            }
        }
    }

    private static string Unbracket(string text) => text.Trim().TrimStart('<').TrimEnd('>');

    /// <summary>One received mail.</summary>
    internal sealed record Mail(string From, IReadOnlyList<string> Recipients, string Data)
    {
        /// <summary>The header block, unfolded, one "Name: value" per entry.</summary>
        public string[] HeaderLines => Data[..Data.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Replace("\r\n ", " ", StringComparison.Ordinal).Split("\r\n");

        public string? Header(string name) =>
            HeaderLines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) is { } l ? l[(name.Length + 1)..].Trim() : null;
    }
}
