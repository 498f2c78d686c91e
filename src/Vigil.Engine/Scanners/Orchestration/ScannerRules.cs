namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>The rule names of the findings the orchestrator itself adds (a contract for logs: never rename).</summary>
public static class ScannerRules
{
    /// <summary>A required scanner took longer than its timeout (error).</summary>
    public const string Timeout = "scanner-timeout";

    /// <summary>A scanner threw instead of answering (error).</summary>
    public const string Fault = "scanner-fault";

    /// <summary>The `scanners` or `noscantypes` file has an error, so a scanner may be missing (error, fail closed).</summary>
    public const string ConfigError = "scanner-config";

    /// <summary>Prefix of an optional scanner's outage, logged as a Monitor finding: "scanner-skipped:clamd tcp:...".</summary>
    public const string SkippedPrefix = "scanner-skipped:";
}
