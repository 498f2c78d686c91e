using System.Collections.Concurrent;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// Idle clamd sessions, kept per address for the whole process (not per client): every client of
/// one clamd shares them, so code that makes a client per message, or a reloaded scanners file,
/// cannot pile up idle connections. That matters: clamd counts open connections against its
/// MaxQueue and stops taking new ones past it.
/// </summary>
internal static class ClamdSessionPool
{
    /// <summary>Idle sessions kept per address; more are ended.</summary>
    public const int MaxIdlePerAddress = 16;

    /// <summary>
    /// A session idle longer than this is ended rather than reused: clamd drops idle sessions
    /// after its IdleTimeout (30 s by default), and a session that died quietly costs a resend.
    /// </summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<ClamdSession>> Idle = new(StringComparer.Ordinal);

    public static int Count(ClamdAddress address) => Queue(address).Count;

    /// <summary>An idle session young enough to use; older ones are ended on the way.</summary>
    public static ClamdSession? Take(ClamdAddress address)
    {
        var queue = Queue(address);
        while (queue.TryDequeue(out var session))
        {
            if (Environment.TickCount64 - session.IdleSince <= (long)MaxIdle.TotalMilliseconds)
            {
                return session;
            }

            session.Dispose();
        }

        return null;
    }

    public static void Return(ClamdAddress address, ClamdSession session)
    {
        var queue = Queue(address);
        if (queue.Count >= MaxIdlePerAddress)
        {
            session.Dispose();
            return;
        }

        session.MarkIdle();
        queue.Enqueue(session);
    }

    /// <summary>Ends every idle session to <paramref name="address"/> (one was found dead: clamd restarted).</summary>
    public static void Drop(ClamdAddress address)
    {
        var queue = Queue(address);
        while (queue.TryDequeue(out var stale))
        {
            stale.Dispose();
        }
    }

    private static ConcurrentQueue<ClamdSession> Queue(ClamdAddress address) =>
        Idle.GetOrAdd(address.ToString(), static _ => new ConcurrentQueue<ClamdSession>());
}
