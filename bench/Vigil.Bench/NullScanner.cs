using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Bench;

/// <summary>
/// A scanner that answers at once with nothing: MessageJudge with it pays for the raw-message
/// copy (the tee) and the orchestration (Task.Run, timeouts) but sends nothing, which splits
/// Vigil's own share of raw mode from clamd's.
/// </summary>
public sealed class NullScanner : IContentScanner
{
    public string Name => "none";

    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<Finding>>([]);
}
