using Vigil.Engine.Analysis;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners;

/// <summary>
/// A scanner outside the engine's own analysis (clamd now; a command-line scanner, spamd and
/// rspamd later). It sees the taken-apart message and the raw bytes as they arrived, and answers
/// with findings. Expected failures (an outage, a timeout, a garbled reply) are `error` findings,
/// never exceptions and never silence: a message nobody could scan is not clean.
/// </summary>
public interface IContentScanner
{
    /// <summary>For logs and error messages, e.g. "clamd unix:/run/clamav/clamd.ctl".</summary>
    string Name { get; }

    /// <param name="analysis">The entity tree with every decoded leaf.</param>
    /// <param name="raw">The message exactly as read; open it with <see cref="ContentSpool.OpenRead"/>.</param>
    Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation);
}
