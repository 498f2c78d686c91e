namespace Vigil.Store.Reading;

/// <summary>
/// One scanner on one node over a range, as the overview shows it: how many runs and how they
/// ended, its time at the quantiles asked (ms, nearest rank, over the runs that answered), and its
/// last run. <see cref="Failing"/> when the last run had no answer: a scanner that is down now
/// reads as down, whatever its count over the week.
/// </summary>
public sealed record ScannerHealth(
    string Node,
    string Scanner,
    long Runs,
    long Found,
    long Errors,
    long Timeouts,
    IReadOnlyList<double> Latency,
    DateTimeOffset LastRun,
    string LastResult,
    DateTimeOffset? LastFailure)
{
    public bool Failing => LastResult is "error" or "timeout";
}
