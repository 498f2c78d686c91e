using Vigil.Engine.Analysis;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>
/// A scanner that can leave decoded leaves out (those `noscantypes` lists). Scanners without it
/// get the whole message; a message whose every leaf is listed skips the virus scanners altogether.
/// </summary>
public interface ISelectiveContentScanner : IContentScanner
{
    /// <param name="include">False for a leaf that must not be sent.</param>
    Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, Func<Entity, bool> include, CancellationToken cancellation);
}
