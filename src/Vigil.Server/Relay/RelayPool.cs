namespace Vigil.Server.Relay;

/// <summary>
/// Connections to next hops kept open between messages, a few per next hop: a message takes the one
/// used last (RSET first), gives it back when its transaction ended cleanly. A connection idle
/// longer than <see cref="IdleTimeout"/> or used for <see cref="MaxMessages"/> messages is closed
/// (QUIT), so a next hop's smtpd is not held for nothing; so is every one when the daemon stops.
/// </summary>
public sealed class RelayPool : IAsyncDisposable
{
    private readonly Dictionary<NextHop, Stack<RelayConnection>> _idle = [];
    private readonly Lock _gate = new();
    private readonly List<Task> _closing = [];
    private readonly Timer _reaper;
    private bool _disposed;

    /// <param name="perRoute">Idle connections kept per next hop; 0 turns reuse off (one connection per message).</param>
    public RelayPool(int perRoute, TimeSpan idleTimeout, int maxMessages)
    {
        PerRoute = perRoute;
        IdleTimeout = idleTimeout;
        MaxMessages = maxMessages;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(idleTimeout.TotalMilliseconds / 2, 200, 5000));
        _reaper = new Timer(_ => Reap(), null, period, period);
    }

    public int PerRoute { get; }

    public TimeSpan IdleTimeout { get; }

    public int MaxMessages { get; }

    /// <summary>Connections idle in the pool now (for tests).</summary>
    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>The idle connection to <paramref name="hop"/> used last, if one is still fresh.</summary>
    internal RelayConnection? TryTake(NextHop hop)
    {
        lock (_gate)
        {
            if (!_idle.TryGetValue(hop, out var stack))
            {
                return null;
            }

            while (stack.TryPop(out var connection))
            {
                if (!Expired(connection, Environment.TickCount64))
                {
                    return connection;
                }

                Close(connection);
            }

            return null;
        }
    }

    /// <summary>Keeps a connection whose transaction ended cleanly, or closes it when the pool is full, off or done with it.</summary>
    internal void Return(RelayConnection connection)
    {
        lock (_gate)
        {
            connection.IdleSince = Environment.TickCount64;
            if (_disposed || PerRoute == 0 || connection.Messages >= MaxMessages)
            {
                Close(connection);
                return;
            }

            if (!_idle.TryGetValue(connection.Hop, out var stack))
            {
                stack = new Stack<RelayConnection>();
                _idle[connection.Hop] = stack;
            }

            if (stack.Count >= PerRoute)
            {
                Close(connection);
                return;
            }

            stack.Push(connection);
        }
    }

    private bool Expired(RelayConnection connection, long now) => now - connection.IdleSince >= IdleTimeout.TotalMilliseconds;

    private void Reap()
    {
        lock (_gate)
        {
            var now = Environment.TickCount64;
            foreach (var (hop, stack) in _idle.ToArray())
            {
                var keep = stack.Reverse().Where(c => !Expired(c, now)).ToList();
                foreach (var old in stack.Where(c => Expired(c, now)))
                {
                    Close(old);
                }

                stack.Clear();
                foreach (var c in keep)
                {
                    stack.Push(c);
                }

                if (stack.Count == 0)
                {
                    _idle.Remove(hop);
                }
            }

            _closing.RemoveAll(t => t.IsCompleted);
        }
    }

    /// <summary>QUIT and close in the background (under the lock).</summary>
    private void Close(RelayConnection connection) => _closing.Add(connection.QuitAsync());

    public async ValueTask DisposeAsync()
    {
        Task[] closing;
        lock (_gate)
        {
            _disposed = true;
            foreach (var connection in _idle.Values.SelectMany(s => s))
            {
                Close(connection);
            }

            _idle.Clear();
            closing = [.. _closing];
        }

        await _reaper.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(closing).ConfigureAwait(false);
    }
}
