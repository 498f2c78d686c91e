using Vigil.Engine.Scanners.Spamd;

namespace Vigil.Engine.Scanners.Rspamd;

/// <summary>
/// An <c>rspamd</c> line of the scanners file, after the kind:
/// <c>http://127.0.0.1:11333 tag=5 quarantine=10 reject=15 maxsize=512000 timeout=30 optional</c>.
/// Without tag, quarantine or reject the scanner follows rspamd's own action (see
/// <see cref="UsesOwnAction"/>); with any of them, the score bands decide as for spamd.
/// </summary>
public sealed record RspamdScannerOptions(Uri Address, SpamScannerSettings Settings)
{
    /// <summary>True when no level was given: rspamd's action decides.</summary>
    public bool UsesOwnAction => Settings.Bands == SpamBands.FilterThreshold;

    public static bool TryParse(IReadOnlyList<string> tokens, out RspamdScannerOptions? options, out string error)
    {
        options = null;
        if (tokens.Count == 0)
        {
            error = "rspamd needs an address, e.g. http://127.0.0.1:11333";
            return false;
        }

        if (!Uri.TryCreate(tokens[0], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"\"{tokens[0]}\" is not an rspamd address (http://host:port)";
            return false;
        }

        if (!SpamScannerSettings.TryParse(tokens, 1, [], out var settings, out _, out error))
        {
            error = "rspamd: " + error;
            return false;
        }

        // Requests are relative ("checkv2"): the base must end with a slash to keep any path prefix.
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        options = new RspamdScannerOptions(new UriBuilder(uri) { Path = path }.Uri, settings);
        return true;
    }
}
