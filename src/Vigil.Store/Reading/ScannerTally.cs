namespace Vigil.Store.Reading;

/// <summary>
/// The runs of one scanner on one node as <see cref="DashboardReader.Scanners"/> reads them,
/// newest first. The last result is the newest run's that says something of the scanner's
/// health (a run stopped by earlyquitonvirus or not asked does not).
/// </summary>
internal sealed class ScannerTally(DateTimeOffset lastRun)
{
    private string? _lastResult;
    private readonly List<double> _answered = [];
    private long _runs;
    private long _found;
    private long _errors;
    private long _timeouts;
    private long? _lastFailureMs;

    public void Add(string result, double elapsedMs, long timeMs)
    {
        _runs++;
        if (_lastResult is null && result != "stopped")
        {
            _lastResult = result;
        }

        switch (result)
        {
            case "clean":
                _answered.Add(elapsedMs);
                break;
            case "found":
                _found++;
                _answered.Add(elapsedMs);
                break;
            case "error":
                _errors++;
                _lastFailureMs ??= timeMs;
                break;
            case "timeout":
                _timeouts++;
                _lastFailureMs ??= timeMs;
                break;
        }
    }

    public ScannerHealth ToHealth(string node, string scanner, IReadOnlyList<double> quantiles)
    {
        _answered.Sort();
        var latency = NearestRank.Of(_answered, quantiles);
        var lastFailure = _lastFailureMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return new ScannerHealth(node, scanner, _runs, _found, _errors, _timeouts, latency, lastRun, _lastResult ?? "stopped", lastFailure);
    }
}
