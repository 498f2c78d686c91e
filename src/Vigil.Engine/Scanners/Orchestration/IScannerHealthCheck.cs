namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>A scanner that can say whether it is reachable and which engine and signatures it runs (`vigil scanners`).</summary>
public interface IScannerHealthCheck
{
    /// <summary>One entry per endpoint. Expected failures are entries with Reachable false, not exceptions.</summary>
    Task<IReadOnlyList<ScannerHealth>> CheckHealthAsync(CancellationToken cancellation);
}
