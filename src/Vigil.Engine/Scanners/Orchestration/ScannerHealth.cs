namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>What one endpoint of a scanner said when asked.</summary>
/// <param name="Target">The endpoint, e.g. "unix:/run/clamav/clamd.ctl".</param>
/// <param name="Reachable">True when it answered its health request (clamd: PONG).</param>
/// <param name="Engine">The engine and its version, e.g. "ClamAV 1.4.3"; null when unknown.</param>
/// <param name="Signatures">The signature version and date when the engine reports one; else null.</param>
/// <param name="Detail">Why it is unreachable, or the raw version reply.</param>
public sealed record ScannerHealth(string Target, bool Reachable, string? Engine, string? Signatures, string Detail);
