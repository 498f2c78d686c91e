using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Server.Logging;

namespace Vigil.Server.Hosting;

/// <summary>
/// The listener configuration in force, reloaded on SIGHUP and when the control directory changes.
/// A file with errors keeps the configuration in force and logs why: a typo must not open the relay
/// or cut the routes. Open sessions keep the configuration they started with.
/// </summary>
public sealed class ServerConfigurationSource
{
    private readonly ServeOptions _options;
    private readonly MailGateway _gateway;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private ServerConfiguration _current;

    public ServerConfigurationSource(ServeOptions options, MailGateway gateway, ServerConfiguration first, ILogger log)
    {
        _options = options;
        _gateway = gateway;
        _current = first;
        _log = log;
    }

    public ServerConfiguration Current => Volatile.Read(ref _current);

    /// <summary>How many reloads were taken (the first load not counted); for tests.</summary>
    public int Reloads { get; private set; }

    /// <summary>The first load: errors here stop the daemon from starting.</summary>
    public static (ServerConfigurationSource? Source, List<string> Errors) Create(ServeOptions options, MailGateway gateway, ILogger log)
    {
        var (first, errors) = ServerConfiguration.Load(options.ControlDirectory, options.Relay, options.RelayTls);
        return first is null ? (null, errors) : (new ServerConfigurationSource(options, gateway, first, log), errors);
    }

    /// <summary>Reads the files again; true when the new configuration was taken.</summary>
    public bool Reload(string why)
    {
        lock (_gate)
        {
            var (next, errors) = ServerConfiguration.Load(_options.ControlDirectory, _options.Relay, _options.RelayTls);
            // The engine reloads its policy by itself on the next message (looking at the files at
            // once, whatever its recheck window); say now if it has errors.
            _gateway.InvalidateControlFiles();
            foreach (var e in _gateway.Policy.Current.Report.Errors)
            {
                ServerLog.PolicyError(_log, e.ToString());
            }

            if (next is null)
            {
                ServerLog.ReloadRefused(_log, why, string.Join("; ", errors));
                return false;
            }

            Volatile.Write(ref _current, next);
            Reloads++;
            ServerLog.Reloaded(_log, why, next.Access.Count, next.RecipientHosts.Configured);
            return true;
        }
    }
}
