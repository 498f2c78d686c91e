using System.Collections.Concurrent;

namespace Vigil.Web.Security;

/// <summary>
/// The login rate limit: after N failed logins from one client address, or for one user name,
/// within the window, every further try from it (or for it) is refused until the oldest failure
/// leaves the window, whatever the password. A success clears the name's failures.
/// </summary>
public sealed class LoginThrottle(int failures, TimeSpan window, Func<DateTimeOffset>? clock = null)
{
    private const int MaxKeys = 100_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _clock = clock ?? (() => DateTimeOffset.UtcNow);

    /// <summary>How long until a try is allowed again; zero when it is now.</summary>
    public TimeSpan Wait(string clientIp, string name) => Max(WaitFor("ip:" + clientIp), WaitFor("user:" + name.ToLowerInvariant()));

    public void Failed(string clientIp, string name)
    {
        if (_failures.Count > MaxKeys)
        {
            _failures.Clear(); // bounded memory; an attacker spraying names gets a fresh count, no more
        }

        Add("ip:" + clientIp);
        Add("user:" + name.ToLowerInvariant());
    }

    public void Succeeded(string name) => _failures.TryRemove("user:" + name.ToLowerInvariant(), out _);

    private void Add(string key)
    {
        var queue = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Trim(queue);
            queue.Enqueue(_clock());
        }
    }

    private TimeSpan WaitFor(string key)
    {
        if (!_failures.TryGetValue(key, out var queue))
        {
            return TimeSpan.Zero;
        }

        lock (queue)
        {
            Trim(queue);
            return queue.Count < failures ? TimeSpan.Zero : queue.Peek() + window - _clock();
        }
    }

    private void Trim(Queue<DateTimeOffset> queue)
    {
        var now = _clock();
        while (queue.Count > 0 && queue.Peek() + window <= now)
        {
            queue.Dequeue();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
