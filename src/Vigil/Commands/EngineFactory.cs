using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanning;

namespace Vigil.Commands;

/// <summary>Builds the engine for a command from its options, checking the control directory first.</summary>
public static class EngineFactory
{
    /// <summary>The scanner, or null with the reason written to stderr (an operational error, exit 2).</summary>
    public static MessageScanner? Create(CommonOptions options)
    {
        if (options.ControlDirectory is { } dir && !Directory.Exists(dir))
        {
            Console.Error.WriteLine($"vigil: control directory {dir}: No such directory");
            return null;
        }

        if (CommandLineScanners(options) is not { } extra)
        {
            return null;
        }

        foreach (var profile in options.Profiles)
        {
            if (!Directory.Exists(profile))
            {
                Console.Error.WriteLine($"vigil: profile directory {profile}: No such directory");
                return null;
            }
        }

        var provider = new PolicyProvider(options.ControlDirectory);
        if (options.Profiles.Count > 0)
        {
            provider = provider.ForProfile([.. options.Profiles]);
        }

        // Load once: the provider caches this policy for the first message.
        var report = provider.Current.Report;
        if (report.HasErrors)
        {
            foreach (var e in report.Errors)
            {
                Console.Error.WriteLine($"vigil: {e}");
            }

            return null;
        }

        var scanners = Scanners(provider.Layers, extra);
        return scanners is null ? null : new MessageScanner(new MessageAnalyzer(), provider, scanners);
    }

    /// <summary>The scanners of the `scanners` control file plus <paramref name="extra"/>; null (reasons on stderr) when the file has errors.</summary>
    public static ScannerProvider? Scanners(ControlLayers layers, IReadOnlyList<ConfiguredScanner> extra)
    {
        var scanners = new ScannerProvider(layers, ScannerLineParser.Default, extra);
        var set = scanners.Current;
        foreach (var e in set.ConfigErrors)
        {
            Console.Error.WriteLine($"vigil: {e}");
        }

        return set.ConfigErrors.Count > 0 ? null : scanners;
    }

    /// <summary>Each --clamd adds one clamd for this run (required: an outage is an `error`); null (reason on stderr) for a bad address.</summary>
    public static List<ConfiguredScanner>? CommandLineScanners(CommonOptions options)
    {
        var scanners = new List<ConfiguredScanner>();
        foreach (var text in options.ClamdAddresses)
        {
            if (!ClamdAddress.TryParse(text, out var address, out var error))
            {
                Console.Error.WriteLine($"vigil: --clamd: {error}");
                return null;
            }

            scanners.Add(new ConfiguredScanner(new ClamdScanner(new ClamdClient(address!)), true, ScannerLine.DefaultTimeout, true, "--clamd"));
        }

        return scanners;
    }
}
