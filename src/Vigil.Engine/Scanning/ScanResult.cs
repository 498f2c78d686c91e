using Vigil.Engine.Analysis;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Scanning;

/// <summary>The outcome of scanning one message: the analysis (owning temp files) and the verdict.</summary>
public sealed class ScanResult : IDisposable
{
    public ScanResult(MessageAnalysis? analysis, Verdict verdict, TimeSpan elapsed)
    {
        Analysis = analysis;
        Verdict = verdict;
        Elapsed = elapsed;
    }

    /// <summary>Null when the message could not be read at all.</summary>
    public MessageAnalysis? Analysis { get; }

    public Verdict Verdict { get; }

    public TimeSpan Elapsed { get; }

    public void Dispose() => Analysis?.Dispose();
}
