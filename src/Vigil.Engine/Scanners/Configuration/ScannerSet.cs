using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// The scanners in force for a message, loaded once per change of the control files and shared
/// between threads, with the `noscantypes` patterns and the configuration errors. A scanner line
/// with an error gives no scanner, so the errors are kept here: every message then gets an
/// `error` finding (fail closed) instead of passing with a scanner silently missing.
/// </summary>
public sealed class ScannerSet
{
    public ScannerSet(IReadOnlyList<ConfiguredScanner> scanners, IReadOnlyList<RulePattern> noScanTypes, IReadOnlyList<ConfigMessage> messages)
    {
        Scanners = scanners;
        NoScanTypes = noScanTypes;
        Messages = messages;
        var errors = new List<ConfigMessage>();
        foreach (var m in messages)
        {
            if (m.Level == ConfigMessageLevel.Error)
            {
                errors.Add(m);
            }
        }

        ConfigErrors = errors;
    }

    public static ScannerSet Empty { get; } = new([], [], []);

    public IReadOnlyList<ConfiguredScanner> Scanners { get; }

    /// <summary>Detected types (id or description) whose leaves the virus scanners need not see.</summary>
    public IReadOnlyList<RulePattern> NoScanTypes { get; }

    /// <summary>Errors and warnings, with file and line.</summary>
    public IReadOnlyList<ConfigMessage> Messages { get; }

    public IReadOnlyList<ConfigMessage> ConfigErrors { get; }

    /// <summary>True when a message needs the raw copy and the orchestrator at all.</summary>
    public bool IsActive => Scanners.Count > 0 || ConfigErrors.Count > 0;

    /// <summary>This set with <paramref name="extra"/> (e.g. from --clamd) appended.</summary>
    public ScannerSet With(IReadOnlyList<ConfiguredScanner> extra) =>
        extra.Count == 0 ? this : new ScannerSet([.. Scanners, .. extra], NoScanTypes, Messages);
}
