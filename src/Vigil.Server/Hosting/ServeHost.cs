using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Server.Local;
using Vigil.Server.Logging;
using Vigil.Server.Milter;
using Vigil.Server.Relay;
using Vigil.Server.Smtp;

namespace Vigil.Server.Hosting;

/// <summary>
/// `vigil serve`: one process, one <see cref="MailGateway"/> for every listener, Kestrel for the
/// sockets (slim builder: Native AOT clean), systemd's Type=notify and journal format when run
/// under it, SIGHUP/file-change reload of the listener files, and a bounded drain on SIGTERM
/// (<see cref="ServeOptions.DrainTimeout"/>: sessions waiting for a command are told 421 at once,
/// one in DATA or being judged may finish within the bound).
/// </summary>
public sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServeHost(WebApplication app) => _app = app;

    /// <summary>How often the resident engine looks at the control files between reloads.</summary>
    public static readonly TimeSpan PolicyRecheck = TimeSpan.FromSeconds(1);

    /// <summary>The listener configuration in force (for tests and the reload log).</summary>
    public ServerConfigurationSource Configuration => _app.Services.GetRequiredService<ServerConfigurationSource>();

    /// <summary>A host ready to start, or the errors (control directory, listener files) that stop it from starting.</summary>
    /// <param name="web">With <see cref="ServeOptions.Web"/>: the dashboard's services (added to the host's) and routes (mapped on it); the daemon knows no more of it.</param>
    public static (ServeHost? Host, IReadOnlyList<string> Errors) Build(ServeOptions options, GatewaySettings settings, Action<ILoggingBuilder>? logging = null, (Action<IServiceCollection> Add, Action<WebApplication> Map)? web = null)
    {
        if (options.Smtp.Count + options.Milter.Count == 0 && options.Socket is null && options.Web is null)
        {
            return (null, ["no listener: give --smtp, --milter, --socket or --web"]);
        }

        if (options.Socket is { } socket && LocalSocketFile.RemoveStale(socket) is { } inTheWay)
        {
            return (null, [$"--socket: {inTheWay}"]);
        }

        foreach (var milterSocket in options.Milter.Select(MilterAddress.SocketPath).OfType<string>())
        {
            if (LocalSocketFile.RemoveStale(milterSocket) is { } milterInTheWay)
            {
                return (null, [$"--milter: {milterInTheWay}"]);
            }
        }

        // Resident: the control files are looked at once a second, and at once on SIGHUP or a
        // change the watcher saw (ReloadService), not four times per message as a door does.
        var build = MailGateway.Create(settings.PolicyRecheck == TimeSpan.Zero ? settings with { PolicyRecheck = PolicyRecheck } : settings);
        if (build.Gateway is not { } gateway)
        {
            return (null, build.Errors);
        }

        var (first, errors) = ServerConfiguration.Load(options.ControlDirectory, options.Relay, options.RelayTls);
        if (first is null)
        {
            return (null, errors);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(gateway);
        builder.Services.AddSingleton(options.MilterLimits);
        builder.Services.AddSingleton(options.LocalLimits);
        builder.Services.AddSingleton(options.LocalRows);
        builder.Services.AddSingleton(new LocalPolicyIdentity(options.ControlDirectory, options.ClamdAddresses));
        builder.Services.AddSingleton(sp => new ServerConfigurationSource(options, gateway, first, sp.GetRequiredService<ILogger<ServerConfigurationSource>>()));
        builder.Services.AddSingleton(new ConnectionLimiter(options.Limits.MaxConnections, options.Limits.MaxConnectionsPerIp));
        // Disposed with the host: the idle connections to next hops are closed with QUIT.
        builder.Services.AddSingleton(_ => new RelayPool(options.RelayConnections, options.RelayIdleTimeout, options.RelayMessagesPerConnection));
        builder.Services.AddSingleton(sp =>
        {
            var log = sp.GetRequiredService<ILogger<SmtpDelivery>>();
            var door = new DoorContext { DefaultLog = () => new LoggerMessageLogWriter(log), Warnings = new LoggerTextWriter(log) };
            var relay = new SmtpRelayClient(options.HostName, options.RelayTimeout, sp.GetRequiredService<RelayPool>(), sp.GetRequiredService<ILogger<SmtpRelayClient>>());
            return new SmtpDelivery(gateway, relay, door, options.HostName, options.QuarantineReply);
        });
        builder.Services.AddHostedService<ReloadService>();
        builder.WebHost.ConfigureKestrel(k => ServerListeners.Configure(k, options));
        if (options.Web is not null)
        {
            web?.Add(builder.Services);
        }

        var app = builder.Build();
        if (options.Web is not null)
        {
            web?.Map(app);
        }

        return (new ServeHost(app), []);
    }

    public async Task StartAsync(CancellationToken ct = default)
    {
        await _app.StartAsync(ct).ConfigureAwait(false);
        var log = _app.Services.GetRequiredService<ILogger<ServeHost>>();
        var options = _app.Services.GetRequiredService<ServeOptions>();
        foreach (var (listener, endpoint) in ServerListeners.Describe(options))
        {
            ServerLog.Listening(log, listener, endpoint);
        }

        if (options.Socket is { } socket)
        {
            foreach (var problem in LocalSocketFile.Apply(socket, options.SocketGroup))
            {
                LocalLog.SocketFile(log, socket, problem);
            }
        }

        foreach (var milterSocket in options.Milter.Select(MilterAddress.SocketPath).OfType<string>())
        {
            foreach (var problem in LocalSocketFile.Apply(milterSocket, options.MilterGroup))
            {
                LocalLog.SocketFile(log, milterSocket, problem);
            }
        }

        if (!Configuration.Current.RecipientHosts.Configured)
        {
            ServerLog.OpenRecipientHosts(log);
        }
    }

    /// <summary>Runs until SIGTERM/SIGINT (or <paramref name="ct"/>), then drains within the bound.</summary>
    public async Task RunAsync(CancellationToken ct = default)
    {
        await StartAsync(ct).ConfigureAwait(false);
        await _app.WaitForShutdownAsync(ct).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken ct = default) => _app.StopAsync(ct);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
