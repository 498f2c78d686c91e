namespace Vigil.Mime.Model;

/// <summary>
/// An oddity found while taking a message apart. Anomalies are data: the parser never throws on
/// bad input, it records what it saw and carries on with the most sensible reading.
/// </summary>
/// <param name="Code">A stable identifier from <see cref="AnomalyCodes"/>.</param>
/// <param name="PartPath">Where in the tree it was seen ("" for the top-level message).</param>
/// <param name="Detail">Human-readable explanation for logs and `vigil inspect`.</param>
/// <param name="Severity">Whether a format check should block on it.</param>
public sealed record Anomaly(string Code, string PartPath, string Detail, AnomalySeverity Severity);
