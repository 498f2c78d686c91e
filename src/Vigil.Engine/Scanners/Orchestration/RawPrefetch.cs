using System.Diagnostics;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>
/// The raw-message scans started before the analysis (see <see cref="IRawPrefetchScanner"/>), one
/// slot per scanner of the set. Each runs within its scanner's timeout. Disposing cancels what is
/// still running and waits for it, so the raw spool is never read after it is freed; results no
/// one asked for (the policy blocked the message, noscantypes skipped the virus scanners) are
/// dropped.
/// </summary>
public sealed class RawPrefetch : IAsyncDisposable
{
    private readonly ScannerSet _set;
    private readonly Task<IReadOnlyList<Finding>>?[] _scans;
    private readonly CancellationTokenSource[] _limits;
    private readonly long _started;
    private readonly long[] _ended;

    private RawPrefetch(ScannerSet set, Task<IReadOnlyList<Finding>>?[] scans, CancellationTokenSource[] limits, long started, long[] ended)
    {
        _set = set;
        _scans = scans;
        _limits = limits;
        _started = started;
        _ended = ended;
    }

    /// <summary>Starts every raw scan the set's scanners can start now; null when none can.</summary>
    /// <param name="skipVirusScanners">The virus scanners will not run for this message (null sender).</param>
    public static RawPrefetch? Start(ScannerSet set, ContentSpool raw, bool skipVirusScanners, CancellationToken cancellation)
    {
        Task<IReadOnlyList<Finding>>?[]? scans = null;
        var started = Stopwatch.GetTimestamp();
        var ended = new long[set.Scanners.Count];
        var limits = new List<CancellationTokenSource>();
        for (var i = 0; i < set.Scanners.Count; i++)
        {
            var scanner = set.Scanners[i];
            if (scanner.Scanner is not IRawPrefetchScanner { ScansRaw: true } prefetching || (skipVirusScanners && scanner.IsVirusScanner))
            {
                continue;
            }

            var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(scanner.Timeout);
            limits.Add(limit);
            var token = limit.Token;

            // Task.Run: the caller goes on to parse at once; sending runs beside it.
            var slot = i;
            var scan = Task.Run(async () =>
            {
                try
                {
                    return await prefetching.StartRawScan(raw, token).ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref ended[slot], Stopwatch.GetTimestamp());
                }
            }, CancellationToken.None);
            (scans ??= new Task<IReadOnlyList<Finding>>?[set.Scanners.Count])[i] = scan;
        }

        return scans is null ? null : new RawPrefetch(set, scans, [.. limits], started, ended);
    }

    /// <summary>The raw scan started for scanner <paramref name="index"/> of <paramref name="set"/>, if any.</summary>
    internal Task<IReadOnlyList<Finding>>? For(ScannerSet set, int index) =>
        ReferenceEquals(set, _set) ? _scans[index] : null;

    /// <summary>
    /// When scanner <paramref name="index"/>'s raw scan started and ended (<see cref="Stopwatch"/>
    /// timestamps; end 0 while it runs): a prefetched scanner's time is that span and what it did
    /// after the parse, not the wait for the parse between them.
    /// </summary>
    internal (long Start, long End) RawSpan(int index) => (_started, Volatile.Read(ref _ended[index]));

    public async ValueTask DisposeAsync()
    {
        foreach (var limit in _limits)
        {
            await limit.CancelAsync().ConfigureAwait(false);
        }

        foreach (var scan in _scans)
        {
            if (scan is null)
            {
                continue;
            }

            try
            {
                await scan.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Cancelled or failed: whoever needed the result saw it in RunAsync.
            }
        }

        foreach (var limit in _limits)
        {
            limit.Dispose();
        }
    }
}
