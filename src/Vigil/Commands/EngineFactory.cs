using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Clamd;
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

        // Each --clamd adds one clamd scanner for this run (required: an outage is an `error`).
        var scanners = new List<IContentScanner>();
        foreach (var text in options.ClamdAddresses)
        {
            if (!ClamdAddress.TryParse(text, out var address, out var error))
            {
                Console.Error.WriteLine($"vigil: --clamd: {error}");
                return null;
            }

            scanners.Add(new ClamdScanner(new ClamdClient(address!)));
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

        return new MessageScanner(new MessageAnalyzer(), provider, scanners);
    }
}
