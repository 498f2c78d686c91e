using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// A next hop that misbehaves in the ways a real MTA will not on demand: it never greets, closes
/// the connection in the middle of the message, or answers with something that is not SMTP. It
/// counts the messages it received whole (up to the final dot): a fault must leave that at zero.
/// </summary>
public sealed class FakeNextHop : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Fault _fault;
    private int _whole;
    private int _connections;

    public FakeNextHop(Fault fault)
    {
        _fault = fault;
        _listener.Start();
        _ = AcceptLoop();
    }

    public enum Fault
    {
        /// <summary>Accepts the connection and says nothing.</summary>
        StallAtGreeting,

        /// <summary>Takes a few lines of the message after 354, then closes.</summary>
        DropMidData,

        /// <summary>Greets with a line that is not an SMTP reply.</summary>
        GarbageGreeting,

        /// <summary>Takes the first message of a connection (250), then closes it without a word: a pooled connection gone stale.</summary>
        CloseAfterFirstMessage,

        /// <summary>Offers STARTTLS and answers it 454 (TLS not available); takes messages otherwise.</summary>
        StartTlsRefused,

        /// <summary>Takes messages (250) until the second overall, which it reads whole to the dot and then closes without replying (RFC 1047's case).</summary>
        SilentAfterSecondDot,

        /// <summary>Answers DATA with 250 instead of 354 on its first connection (out of step); takes messages properly on later ones.</summary>
        OutOfStepAtFirstData,
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int WholeMessages => Volatile.Read(ref _whole);

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await Serve(client.GetStream(), _stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                    {
                    }
                }
            });
        }
    }

    private async Task Serve(NetworkStream stream, CancellationToken ct)
    {
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        switch (_fault)
        {
            case Fault.StallAtGreeting:
                await Task.Delay(Timeout.Infinite, ct);
                return;
            case Fault.GarbageGreeting:
                await writer.WriteLineAsync("HELLO THERE, this is not SMTP");
                await reader.ReadLineAsync(ct);
                return;
        }

        var connection = Connections;
        await writer.WriteLineAsync("220 fake.test ESMTP");
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line;
            if (_fault == Fault.StartTlsRefused && verb is "EHLO" or "STAR")
            {
                await writer.WriteLineAsync(verb == "EHLO" ? "250-fake.test\r\n250 STARTTLS" : "454 4.7.0 TLS not available due to local problem");
                continue;
            }

            if (verb == "DATA" && _fault == Fault.OutOfStepAtFirstData && connection == 1)
            {
                await writer.WriteLineAsync("250 ok");
                continue;
            }

            if (verb == "DATA" && _fault is Fault.CloseAfterFirstMessage or Fault.SilentAfterSecondDot or Fault.OutOfStepAtFirstData or Fault.StartTlsRefused)
            {
                await writer.WriteLineAsync("354 go ahead");
                while (await reader.ReadLineAsync(ct) is { } data && data != ".")
                {
                }

                var whole = Interlocked.Increment(ref _whole);
                if (_fault == Fault.SilentAfterSecondDot && whole == 2)
                {
                    return;
                }

                await writer.WriteLineAsync("250 2.0.0 Ok: queued");
                if (_fault == Fault.CloseAfterFirstMessage)
                {
                    return;
                }

                continue;
            }

            if (verb == "DATA")
            {
                await writer.WriteLineAsync("354 go ahead");
                for (var i = 0; i < 3; i++)
                {
                    if (await reader.ReadLineAsync(ct) == ".")
                    {
                        Interlocked.Increment(ref _whole);
                    }
                }

                // Gone in the middle of the message.
                return;
            }

            await writer.WriteLineAsync(verb == "QUIT" ? "221 bye" : "250 ok");
        }
    }
}
