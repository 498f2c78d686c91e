using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Judging;

/// <summary>The outcome of scanning one message: the analysis (owning temp files) and the verdict.</summary>
public sealed class Judgement : IDisposable
{
    public Judgement(MessageAnalysis? analysis, Verdict verdict, TimeSpan elapsed, IReadOnlyList<ScannerRun>? scanners = null)
    {
        Analysis = analysis;
        Verdict = verdict;
        Elapsed = elapsed;
        Scanners = scanners ?? [];
    }

    /// <summary>Null when the message could not be read at all.</summary>
    public MessageAnalysis? Analysis { get; }

    public Verdict Verdict { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Each scanner that ran on the message, in configuration order (empty when none ran).</summary>
    public IReadOnlyList<ScannerRun> Scanners { get; }

    /// <summary>An `error` verdict for a message that could not be judged (the doors defer it).</summary>
    public static Judgement Failed(string rule, string detail, TimeSpan elapsed = default) =>
        new(null, new Verdict([new Finding(FindingCategory.Error, rule, detail, "")]), elapsed);

    public void Dispose() => Analysis?.Dispose();
}
