using Vigil.Engine.Scanners.Clamd;

namespace Vigil.Engine.Scanners.Spamd;

/// <summary>
/// A <c>spamd</c> line of the scanners file, after the kind:
/// <c>tcp:127.0.0.1:783 tag=5 quarantine=10 reject=15 maxsize=512000 timeout=30 user=vigil optional</c>.
/// Only the address is needed; see <see cref="SpamScannerSettings"/> for the rest.
/// </summary>
public sealed record SpamdScannerOptions(ClamdAddress Address, SpamScannerSettings Settings, string? User)
{
    private static readonly string[] ExtraKeys = ["user"];

    public static bool TryParse(IReadOnlyList<string> tokens, out SpamdScannerOptions? options, out string error)
    {
        options = null;
        if (tokens.Count == 0)
        {
            error = "spamd needs an address, e.g. tcp:127.0.0.1:783 or unix:/run/spamd.sock";
            return false;
        }

        if (!ClamdAddress.TryParse(tokens[0], out var address, out _))
        {
            error = $"\"{tokens[0]}\" is not a spamd address (tcp:host:port, host:port, unix:/path or /path)";
            return false;
        }

        if (!SpamScannerSettings.TryParse(tokens, 1, ExtraKeys, out var settings, out var extras, out error))
        {
            error = "spamd: " + error;
            return false;
        }

        options = new SpamdScannerOptions(address!, settings, extras.GetValueOrDefault("user"));
        return true;
    }
}
