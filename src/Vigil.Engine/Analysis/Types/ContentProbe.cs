using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// One row of a family's detection table: looks at the content and names its type, or returns
/// null to let the next row try. Probes never throw and read only what they need.
/// </summary>
internal delegate DetectedType? ContentProbe(ref ContentReader content);
