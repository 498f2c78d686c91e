using System.Net;
using System.Net.Sockets;

namespace Vigil.Engine.Tests.Scanners;

/// <summary>
/// A one-behaviour TCP server on 127.0.0.1, only to inject faults a real spamd or rspamd will not
/// produce on demand (stalls, early closes, garbage) and to see a request's shape. Each
/// connection is handed to <c>behaviour</c>; I/O errors and cancellation end that connection.
/// </summary>
internal sealed class FakePeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public FakePeer(Func<NetworkStream, CancellationToken, Task> behaviour)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(() => AcceptLoopAsync(behaviour));
    }

    public int Port { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Func<NetworkStream, CancellationToken, Task> behaviour)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await behaviour(client.GetStream(), _stop.Token);
                        }
                        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                        {
                        }
                    }
                });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
