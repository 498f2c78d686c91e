using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Vigil.Engine.Scanners.Clamd;

namespace Vigil.Testing;

/// <summary>
/// A tiny stand-in for clamd on 127.0.0.1, only to inject faults a real clamd will not produce on
/// demand (stalling, garbage). Each connection is handed to <c>behaviour</c>; with
/// <c>Task.Delay(Timeout.Infinite, ct)</c> as behaviour it is the peer that accepts and never
/// answers, for spamd and rspamd too.
/// </summary>
internal sealed class FakeClamd : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];

    public FakeClamd(Func<NetworkStream, CancellationToken, Task> behaviour)
    {
        _listener.Start();
        Address = ClamdAddress.Tcp("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);
        _ = AcceptLoop(behaviour);
    }

    public ClamdAddress Address { get; }

    /// <summary>Connections in a zIDSESSION, with the number of the last request read on each.</summary>
    private static readonly ConditionalWeakTable<NetworkStream, StrongBox<int>> Sessions = [];

    /// <summary>
    /// Reads a z-command and, for INSTREAM, every chunk to the zero terminator. A leading
    /// zIDSESSION (Vigil's clamd client keeps sessions) is taken in silence; <see cref="ReplyAsync"/>
    /// then numbers the replies as clamd does, so a behaviour need not know about sessions.
    /// </summary>
    public static async Task<(string Command, byte[] Payload)> ReadRequestAsync(NetworkStream s, CancellationToken ct)
    {
        var request = await ReadOneAsync(s, ct);
        if (request.Command == "zIDSESSION")
        {
            Sessions.AddOrUpdate(s, new StrongBox<int>(0));
            request = await ReadOneAsync(s, ct);
        }

        if (Sessions.TryGetValue(s, out var count))
        {
            count.Value++;
        }

        return request;
    }

    /// <summary>Reads exactly one z-command (and its INSTREAM chunks), zIDSESSION included.</summary>
    public static async Task<(string Command, byte[] Payload)> ReadOneAsync(NetworkStream s, CancellationToken ct)
    {
        var command = new StringBuilder();
        var one = new byte[1];
        while (await s.ReadAsync(one, ct) == 1 && one[0] != 0)
        {
            command.Append((char)one[0]);
        }

        var payload = new MemoryStream();
        if (command.ToString() == "zINSTREAM")
        {
            var header = new byte[4];
            while (true)
            {
                await s.ReadExactlyAsync(header, ct);
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header);
                if (length == 0)
                {
                    break;
                }

                var chunk = new byte[length];
                await s.ReadExactlyAsync(chunk, ct);
                payload.Write(chunk);
            }
        }

        return (command.ToString(), payload.ToArray());
    }

    /// <summary>Writes a NUL-ended reply, numbered "N: " within a session.</summary>
    public static Task ReplyAsync(NetworkStream s, string reply, CancellationToken ct) =>
        ReplyRawAsync(s, Sessions.TryGetValue(s, out var count) ? $"{count.Value}: {reply}" : reply, ct);

    /// <summary>Writes exactly <paramref name="reply"/> and a NUL.</summary>
    public static Task ReplyRawAsync(NetworkStream s, string reply, CancellationToken ct) =>
        s.WriteAsync(Encoding.ASCII.GetBytes(reply + "\0"), ct).AsTask();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var c in _clients)
            {
                c.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptLoop(Func<NetworkStream, CancellationToken, Task> behaviour)
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

            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await behaviour(client.GetStream(), _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                }
                finally
                {
                    // As clamd after a request outside a session: a kept session then sees the close.
                    client.Dispose();
                }
            });
        }
    }
}
