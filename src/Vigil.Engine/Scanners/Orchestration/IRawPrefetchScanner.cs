using Vigil.Engine.Analysis;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>
/// A scanner whose raw-message scan needs nothing from the analysis, so it can start as soon as
/// the raw message is read and run while the parser works (clamd in `raw` and `both` modes). The
/// started scan is handed back to <see cref="ScanAsync"/>, which adds the rest (the decoded parts).
/// </summary>
public interface IRawPrefetchScanner : ISelectiveContentScanner
{
    /// <summary>True when this scanner sends the raw message (clamd: not in `entities` mode).</summary>
    bool ScansRaw { get; }

    /// <summary>The raw-message part of the scan, findings as <see cref="IContentScanner.ScanAsync"/> would give them.</summary>
    Task<IReadOnlyList<Finding>> StartRawScan(ContentSpool raw, CancellationToken cancellation);

    /// <param name="rawScan">What <see cref="StartRawScan"/> started for this message.</param>
    Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, Func<Entity, bool> include, Task<IReadOnlyList<Finding>> rawScan, CancellationToken cancellation);
}
