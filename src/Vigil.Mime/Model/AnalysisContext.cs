using Vigil.Mime.Limits;
using Vigil.Mime.Spooling;

namespace Vigil.Mime.Model;

/// <summary>
/// What every stage of one message's analysis shares: the limits and the running budget, the
/// private scratch directory for spooled content, and the anomaly list.
/// </summary>
public sealed class AnalysisContext : IDisposable
{
    private readonly List<Anomaly> _anomalies = [];
    // Code and part of every recorded anomaly: a scan of the list per report was quadratic for
    // inputs that report on every line (a million broken header lines).
    private readonly HashSet<(string Code, string PartPath)> _reported = [];

    public AnalysisContext(AnalysisLimits limits, string? scratchRoot = null, CancellationToken cancellation = default)
    {
        Limits = limits;
        Budget = new AnalysisBudget(limits, cancellation);
        Scratch = new ScratchDirectory(scratchRoot);
    }

    public AnalysisLimits Limits { get; }

    public AnalysisBudget Budget { get; }

    public ScratchDirectory Scratch { get; }

    public IReadOnlyList<Anomaly> Anomalies => _anomalies;

    /// <summary>
    /// Set when a nested multipart was ended by the delimiter of one around it (not by the end of
    /// the input): a client that looks only for the innermost boundary reads such a message
    /// differently, so it is worth reading again that way.
    /// </summary>
    public bool NestedMultipartClosedByOuterBoundary { get; set; }

    /// <summary>How many bodies one message may have parsed again with a boundary guessed from them.</summary>
    public const int MaxBoundaryGuesses = 16;

    private int _boundaryGuesses;

    /// <summary>
    /// Takes one of the message's <see cref="MaxBoundaryGuesses"/> guesses: each parses a body
    /// again, so a message of 3,000 multiparts without a boundary (258 KB) cost 6,000 extra parts
    /// and ran at 4.8 MB/s. The mail that hides a part this way needs one or two.
    /// </summary>
    public bool TryTakeBoundaryGuess() => ++_boundaryGuesses <= MaxBoundaryGuesses;

    /// <summary>A new spool for decoded content, in memory up to the limit's threshold.</summary>
    public ContentSpool NewSpool() => new(Scratch, Limits.SpoolMemoryThreshold);

    /// <summary>Records an anomaly once per code and part.</summary>
    public void Report(string code, string partPath, string detail, AnomalySeverity severity = AnomalySeverity.Notice)
    {
        if (!_reported.Add((code, partPath)))
        {
            return;
        }

        _anomalies.Add(new Anomaly(code, partPath, detail, severity));
    }

    /// <summary>
    /// Turns the anomalies recorded from <paramref name="index"/> on into notices: those of an
    /// extra reading of the message, which is there to find what it hides, not to judge its form
    /// a second time (the first reading's anomalies do that).
    /// </summary>
    public void NoticesFrom(int index)
    {
        for (var i = index; i < _anomalies.Count; i++)
        {
            if (_anomalies[i].Severity != AnomalySeverity.Notice)
            {
                _anomalies[i] = _anomalies[i] with { Severity = AnomalySeverity.Notice };
            }
        }
    }

    public void Dispose() => Scratch.Dispose();
}
