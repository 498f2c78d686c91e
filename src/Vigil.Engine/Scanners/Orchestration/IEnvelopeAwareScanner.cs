using Vigil.Engine.Analysis;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>
/// A scanner whose work depends on the message's envelope, not only its bytes (QMVC's command
/// API passes SENDER, RECIPIENT and the rest to its program). The orchestrator calls this
/// overload with each message's own envelope; the envelope-less one serves callers without one.
/// </summary>
public interface IEnvelopeAwareScanner : IContentScanner
{
    /// <param name="envelope">This message's envelope and the door's variables (<see cref="Envelope.Variables"/>).</param>
    Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, Envelope envelope, CancellationToken cancellation);
}
