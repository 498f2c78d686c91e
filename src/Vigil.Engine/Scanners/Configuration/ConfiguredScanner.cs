namespace Vigil.Engine.Scanners.Configuration;

/// <summary>One scanner in force, with how the orchestrator must treat it.</summary>
/// <param name="Scanner">The scanner itself.</param>
/// <param name="Required">True: an outage or timeout is an `error` finding (fail closed). False: it is logged and skipped.</param>
/// <param name="Timeout">The most it may take on one message.</param>
/// <param name="IsVirusScanner">True for anti-virus engines, which `noscantypes` and `earlyquitonvirus` concern.</param>
/// <param name="Origin">Where it was configured, e.g. "/etc/vigil/scanners:3" or "--clamd".</param>
public sealed record ConfiguredScanner(IContentScanner Scanner, bool Required, TimeSpan Timeout, bool IsVirusScanner, string Origin)
{
    public string Name => Scanner.Name;
}
