using System.Net.Sockets;

namespace Vigil.Server.Tests.Local;

/// <summary>
/// A unix socket that accepts and then misbehaves as no real `vigil serve` does on demand: it
/// never answers, or answers the bytes a test chooses, or does not accept at all (only bound).
/// </summary>
internal sealed class FakeLocalDaemon : IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = [];

    public FakeLocalDaemon(string path, byte[]? answer, bool accept = true)
    {
        Path = path;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        if (accept)
        {
            _listener.Listen(16);
            _ = ServeAsync(answer);
        }
    }

    public string Path { get; }

    private async Task ServeAsync(byte[]? answer)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                lock (_accepted)
                {
                    _accepted.Add(client);
                }

                if (answer is not null)
                {
                    await client.SendAsync(answer);
                    client.Shutdown(SocketShutdown.Send);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        lock (_accepted)
        {
            foreach (var s in _accepted)
            {
                s.Dispose();
            }
        }

        File.Delete(Path);
    }
}
