using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Doors;
using Vigil.Engine.Gateway;
using Vigil.Engine.Policy.Control;
using Vigil.Server.Hosting;
using Vigil.Server.Milter;
using Vigil.Server.Relay;
using Vigil.Web.Hosting;
using Vigil.Web.Users;

namespace Vigil.Commands;

/// <summary>
/// `vigil serve --smtp ADDR [--milter ADDR] [--socket PATH [--socket-group GROUP]] [--web IP:PORT] [--relay HOST:PORT] [--control DIR] [--clamd ADDR]`:
/// the resident gateway (docs/GATEWAY.md). The same settings can live in the control directory's
/// `serve` file (<see cref="ServeFile"/>); a flag wins over its key. Runs until SIGTERM; exit 0 after a clean stop, 1 when
/// the control directory or a listener file has errors (each said on stderr), 2 on usage errors.
/// </summary>
public static class ServeCommand
{
    public static Command Definition()
    {
        var common = new CommonSymbols();
        var smtp = new Option<string[]>("--smtp") { Description = "Listen for SMTP on IP:PORT (repeatable), e.g. 127.0.0.1:2525", HelpName = "IP:PORT" };
        var milter = new Option<string[]>("--milter") { Description = "Listen for milter connections on IP:PORT or unix:/PATH (repeatable)", HelpName = "IP:PORT|unix:/PATH" };
        var milterGroup = new Option<string>("--milter-group") { Description = "Give a unix milter socket to this group, Postfix's (mode 0660; default: miltergroup= in serve)", HelpName = "GROUP" };
        var relay = new Option<string>("--relay") { Description = "The next hop for recipients smtproutes does not route", HelpName = "HOST:PORT" };
        var hostName = new Option<string>("--hostname") { Description = "This host's name in the greeting and Received lines (default: the system's)", HelpName = "NAME" };
        var socket = new Option<string>("--socket") { Description = "Listen on a unix socket for the qmail doors (mode 0660; default: socket= in options)", HelpName = "PATH" };
        var socketGroup = new Option<string>("--socket-group") { Description = "Give the socket to this group, the qmail doors' (default: socketgroup= in options)", HelpName = "GROUP" };
        var web = new Option<string>("--web") { Description = "Serve the dashboard on IP:PORT (plain HTTP; e.g. 127.0.0.1:8080; default: web= in serve)", HelpName = "IP:PORT" };
        var drain = new Option<string>("--drain") { Description = "Seconds SIGTERM waits for open sessions (default 30)", HelpName = "SECONDS" };
        var command = common.AddTo(new Command("serve", "Run the gateway listeners (SMTP, milter, the doors' local socket) on one engine until SIGTERM; SIGHUP reloads."), common.Control, common.Clamd);
        command.Add(smtp);
        command.Add(milter);
        command.Add(milterGroup);
        command.Add(relay);
        command.Add(hostName);
        command.Add(socket);
        command.Add(socketGroup);
        command.Add(web);
        command.Add(drain);
        command.SetAction(async (parse, ct) =>
        {
            var read = common.Read(parse);
            if (CommandLine.ControlOptions(read.ControlDirectory) is not { } control)
            {
                return 1;
            }

            // The control directory's `serve` file first, then each flag given over its key.
            var (file, fileErrors) = ServeFile.Load(read.ControlDirectory, new ServeOptions { ControlDirectory = read.ControlDirectory, ClamdAddresses = read.ClamdAddresses });
            foreach (var e in fileErrors)
            {
                Console.Error.WriteLine($"vigil: {e}");
            }

            if (fileErrors.Count > 0)
            {
                return 1;
            }

            var smtpGiven = Endpoints("--smtp", parse.GetValue(smtp));
            var milterGiven = MilterEndpoints(parse.GetValue(milter));
            var options = file with
            {
                Socket = parse.GetValue(socket) ?? NonEmpty(control.Get(SocketKey)),
                SocketGroup = parse.GetValue(socketGroup) ?? NonEmpty(control.Get(SocketGroupKey)),
                Smtp = smtpGiven.Count > 0 ? smtpGiven : file.Smtp,
                Milter = milterGiven.Count > 0 ? milterGiven : file.Milter,
                MilterGroup = parse.GetValue(milterGroup) ?? file.MilterGroup,
                Relay = parse.GetValue(relay) is { } r ? (NextHop.TryParse(r, out var hop) ? hop : throw new UsageException($"--relay: '{r}' is not HOST:PORT")) : file.Relay,
                HostName = parse.GetValue(hostName) ?? file.HostName,
                DrainTimeout = parse.GetValue(drain) is { } d ? TimeSpan.FromSeconds(Seconds(d)) : file.DrainTimeout,
                Web = parse.GetValue(web) is { } w ? Endpoints("--web", [w])[0] : file.Web,
            };
            return await RunAsync(options, control, common.Read(parse), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ServeOptions options, PolicyOptions control, CommonOptions common, CancellationToken ct)
    {
        if (GatewayFactory.CommandLineScanners(common) is not { } extra)
        {
            return 2;
        }

        // The dashboard (docs/DASHBOARD.md) in this host: the same services and routes as `vigil web`.
        (Action<IServiceCollection>, Action<WebApplication>)? web = null;
        if (options.Web is { } endpoint)
        {
            if (StoreTarget.Resolve(control, null, quiet: false) is not { } location)
            {
                return 1;
            }

            if (WebCommand.Settings(control, location, endpoint, null, null, out var exit) is not { } settings)
            {
                return exit;
            }

            if (new DashboardDatabase(location).Prepare() is { } problem)
            {
                Console.Error.WriteLine($"vigil: {problem}");
                return 1;
            }

            web = (services => services.AddMountedDashboard(settings), app => app.MapDashboard());
        }

        // The store named by `store=` (or VIGIL_STORE), as the doors find it.
        // The qmail doors asking the socket have their rows written by it too (docs/STORE.md).
        var store = new DoorStore();
        store.Open(control, Console.Error);
        var rows = new ServeStore(store, Console.Error);
        var (host, errors) = ServeHost.Build(options with { LocalRows = rows }, new GatewaySettings { ControlDirectory = options.ControlDirectory, ExtraScanners = extra, Observers = [rows] }, web: web);
        foreach (var e in errors)
        {
            Console.Error.WriteLine($"vigil: {e}");
        }

        if (host is null)
        {
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            await host.RunAsync(ct).ConfigureAwait(false);
        }

        // The rows of the last messages, within the store's deadline (what is left is spilled).
        await store.CompleteAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>The `options` key naming the daemon's local socket (the doors read the same key).</summary>
    public const string SocketKey = "socket";

    /// <summary>The `options` key naming the group the socket is given to.</summary>
    public const string SocketGroupKey = "socketgroup";

    private static string? NonEmpty(string? value) => value is { Length: > 0 } v ? v : null;

    private static List<IPEndPoint> Endpoints(string option, string[]? values)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var value in values ?? [])
        {
            if (!IPEndPoint.TryParse(value, out var endpoint) || endpoint.Port == 0)
            {
                throw new UsageException($"{option}: '{value}' is not IP:PORT");
            }

            endpoints.Add(endpoint);
        }

        return endpoints;
    }

    private static List<EndPoint> MilterEndpoints(string[]? values)
    {
        var endpoints = new List<EndPoint>();
        foreach (var value in values ?? [])
        {
            endpoints.Add(MilterAddress.Parse(value) ?? throw new UsageException($"--milter: '{value}' is not IP:PORT or unix:/ABSOLUTE/PATH"));
        }

        return endpoints;
    }

    private static int Seconds(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 3600 ? n : throw new UsageException($"--drain: '{text}' is not 1 to 3600 seconds");
}
