namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>
/// One scanner's run on one message: its name, how it ended and how long it took from the moment
/// its request started (for a raw scan started before the parse, from then), so an admin sees a
/// slow or failing scanner per scanner and not only in the message's whole judging time.
/// </summary>
public sealed record ScannerRun(string Name, ScannerRunResult Result, TimeSpan Elapsed)
{
    /// <summary>The result as the store writes it: clean, found, error, timeout or stopped.</summary>
    public string ResultWord => Result switch
    {
        ScannerRunResult.Clean => "clean",
        ScannerRunResult.Found => "found",
        ScannerRunResult.Error => "error",
        ScannerRunResult.Timeout => "timeout",
        _ => "stopped",
    };
}
