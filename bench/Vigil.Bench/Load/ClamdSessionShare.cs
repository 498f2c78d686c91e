using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Vigil.Bench.Load;

/// <summary>
/// The kept-open zIDSESSION connections of one `clamd-session:` target, shared by all its load
/// sessions, and the slots that bound them to <see cref="Limit"/> in use at once.
/// </summary>
public sealed class ClamdSessionShare
{
    /// <summary>clamd's MaxThreads by default, and Vigil's connections per clamd.</summary>
    public const int Limit = 10;

    public SemaphoreSlim Slots { get; } = new(Limit, Limit);

    public ConcurrentStack<Socket> Idle { get; } = new();
}
