namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// Several clamd endpoints used as one: requests take turns (round-robin), a request whose
/// endpoint cannot be reached is sent to the next one (failover; nothing was sent yet, so nothing
/// is scanned twice), and at most <see cref="MaxConnections"/> requests are open at once, so a
/// burst of messages queues here instead of overrunning clamd's MaxThreads. An endpoint that could
/// not be reached is passed over for <see cref="DownTime"/> unless every endpoint is down. Each
/// client keeps its connections open between requests (clamd sessions, see <see cref="ClamdClient.ScanAsync"/>).
/// </summary>
public sealed class ClamdEndpointSet
{
    /// <summary>clamd's own default MaxThreads.</summary>
    public const int DefaultMaxConnections = 10;

    public static readonly TimeSpan DownTime = TimeSpan.FromSeconds(10);

    private readonly ClamdClient[] _clients;
    private readonly long[] _downUntil;
    private readonly SemaphoreSlim _slots;
    private int _turn = -1;

    public ClamdEndpointSet(IReadOnlyList<ClamdClient> clients, int maxConnections = DefaultMaxConnections)
    {
        if (clients.Count == 0)
        {
            throw new ArgumentException("at least one clamd endpoint is needed", nameof(clients));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _clients = [.. clients];
        _downUntil = new long[_clients.Length];
        MaxConnections = maxConnections;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
    }

    public IReadOnlyList<ClamdClient> Clients => _clients;

    public int MaxConnections { get; }

    /// <summary>Requests open now (for tests and metrics).</summary>
    public int InFlight => MaxConnections - _slots.CurrentCount;

    /// <summary>"tcp:a:3310 tcp:b:3310".</summary>
    public override string ToString() => string.Join(' ', _clients.Select(c => c.Address.ToString()));

    /// <summary>
    /// Scans the stream <paramref name="open"/> returns (called again for each endpoint tried).
    /// Only the caller's cancellation throws; when no endpoint answers, the result is an
    /// unreachable error naming each one.
    /// </summary>
    public async Task<ClamdResult> ScanAsync(Func<Stream> open, CancellationToken cancellation)
    {
        await _slots.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var n = _clients.Length;
            var first = (int)((uint)Interlocked.Increment(ref _turn) % (uint)n);
            var now = Environment.TickCount64;
            List<string>? failures = null;
            var timedOut = false;

            // Two rounds: the endpoints believed up, then (only if all of those failed) the rest.
            for (var round = 0; round < 2; round++)
            {
                for (var k = 0; k < n; k++)
                {
                    var i = (first + k) % n;
                    var down = Volatile.Read(ref _downUntil[i]) > now;
                    if (down != (round == 1))
                    {
                        continue;
                    }

                    var result = await _clients[i].ScanAsync(open, cancellation).ConfigureAwait(false);

                    if (result.Outcome != ClamdOutcome.Error || !result.Unreachable)
                    {
                        Volatile.Write(ref _downUntil[i], 0);
                        return result;
                    }

                    Volatile.Write(ref _downUntil[i], Environment.TickCount64 + (long)DownTime.TotalMilliseconds);
                    (failures ??= []).Add(result.Detail);
                    timedOut |= result.TimedOut;
                }
            }

            // One endpoint that timed out makes the outage a timeout in scanner health (a refusal alone is an error).
            return ClamdResult.Error(string.Join("; ", failures!), unreachable: true, timedOut);
        }
        finally
        {
            _slots.Release();
        }
    }
}
