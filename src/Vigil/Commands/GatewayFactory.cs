using Vigil.Engine.Gateway;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Scanners.Configuration;

namespace Vigil.Commands;

/// <summary>Builds the engine's gateway for a command from its options, checking the control directory and profiles first.</summary>
public static class GatewayFactory
{
    /// <summary>The gateway, or null with the reasons written to stderr (an operational error); with <paramref name="store"/>, every outcome is stored.</summary>
    public static MailGateway? Create(CommonOptions options, Doors.DoorStore? store = null)
    {
        if (CommandLineScanners(options) is not { } extra)
        {
            return null;
        }

        var build = MailGateway.Create(new GatewaySettings { ControlDirectory = options.ControlDirectory, ExtraScanners = extra, Observers = store is null ? [] : [store] }, options.Profiles);
        foreach (var e in build.Errors)
        {
            Console.Error.WriteLine($"vigil: {e}");
        }

        // The store is named in the control directory's own `options` (not a profile's): one per host.
        if (store is not null && build.Gateway is { } gateway)
        {
            store.Open(gateway.Policy.Current.Options, Console.Error);
        }

        return build.Gateway;
    }

    /// <summary>The door context of a command-line run: its profiles, stderr for warnings.</summary>
    public static DoorContext Door(CommonOptions options, TextWriter? warnings = null) =>
        new() { Profiles = options.Profiles, Warnings = warnings ?? Console.Error };

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
