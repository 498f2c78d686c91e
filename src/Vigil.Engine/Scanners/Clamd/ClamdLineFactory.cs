using Vigil.Engine.Scanners.Configuration;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// Builds a clamd scanner from its `scanners` line:
/// <code>
///   clamd ADDR [ADDR ...] [mode=raw|entities|both] [maxsize=SIZE] [maxconnections=N]
///         [connecttimeout=SECONDS] [readtimeout=SECONDS] [timeout=SECONDS] [required|optional]
/// </code>
/// Several addresses are used in turn with failover. <c>maxsize</c> (0: none) is our own limit,
/// for a clamd whose StreamMaxLength is known: larger parts are `limits` findings without a
/// round trip. <c>timeout</c> also bounds each request.
/// </summary>
public static class ClamdLineFactory
{
    public const string ModeKey = "mode";
    public const string MaxSizeKey = "maxsize";
    public const string MaxConnectionsKey = "maxconnections";
    public const string ConnectTimeoutKey = "connecttimeout";
    public const string ReadTimeoutKey = "readtimeout";

    public static IContentScanner? Create(ScannerLine line, ConfigErrors errors)
    {
        if (line.Arguments.Count == 0)
        {
            errors.Error(line, "clamd needs at least one address (unix:/path or tcp:host:port)");
            return null;
        }

        var defaults = ClamdTimeouts.Default;
        var connect = TimeSpan.FromSeconds(line.GetNumber(ConnectTimeoutKey, (long)defaults.Connect.TotalSeconds, 1, 600, errors));
        var read = TimeSpan.FromSeconds(line.GetNumber(ReadTimeoutKey, (long)defaults.Read.TotalSeconds, 1, 3600, errors));
        var total = line.Settings.ContainsKey(ScannerLineParser.TimeoutKey) ? line.Timeout : defaults.Total;
        var timeouts = new ClamdTimeouts(connect, read, total);

        var clients = new List<ClamdClient>(line.Arguments.Count);
        foreach (var text in line.Arguments)
        {
            if (ClamdAddress.TryParse(text, out var address, out var error))
            {
                clients.Add(new ClamdClient(address!, timeouts));
            }
            else
            {
                errors.Error(line, error);
            }
        }

        var mode = line.Get(ModeKey)?.ToLowerInvariant() switch
        {
            null or "both" => ClamdScanMode.Both,
            "raw" => ClamdScanMode.Raw,
            "entities" => ClamdScanMode.Entities,
            var other => Bad(other),
        };

        var maxSize = line.GetSize(MaxSizeKey, 0, errors);
        var maxConnections = (int)line.GetNumber(MaxConnectionsKey, ClamdEndpointSet.DefaultMaxConnections, 1, 1000, errors);
        return clients.Count == line.Arguments.Count
            ? new ClamdScanner(new ClamdEndpointSet(clients, maxConnections), mode, maxSize)
            : null;

        ClamdScanMode Bad(string text)
        {
            errors.Error(line, $"mode: '{text}' is not raw, entities or both");
            return ClamdScanMode.Both;
        }
    }
}
