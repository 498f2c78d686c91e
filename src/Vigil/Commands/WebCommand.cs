using System.CommandLine;
using System.Net;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Policy.Control;
using Vigil.Store.Location;
using Vigil.Store.Quarantine;
using Vigil.Web.Hosting;

namespace Vigil.Commands;

/// <summary>
/// `vigil web [--control DIR] [--store sqlite:PATH|postgres://…] [--quarantine DIR] [--sendmail PROG] [--listen IP:PORT]`:
/// the dashboard (docs/DASHBOARD.md) over the store and the quarantine the doors use, releasing
/// through the same path as `vigil quarantine release`. Listens on 127.0.0.1:8080 unless told.
/// Runs until SIGTERM/SIGINT; exit 0 after a clean stop, 1 when the store cannot be opened,
/// 2 on usage errors.
/// </summary>
internal static class WebCommand
{
    public static Command Definition()
    {
        var target = new StoreTarget();
        var quarantine = new Option<string>("--quarantine", "-q") { Description = "The quarantine (default: quarantine= in options, else /var/spool/vigil/quarantine)", HelpName = "DIR" };
        var sendmail = new Option<string>("--sendmail") { Description = "The program (or smtp:host[:port]) a release goes through (default: reinject= in options, else /usr/sbin/sendmail)", HelpName = "PROG" };
        var listen = new Option<string>("--listen") { Description = "Listen on IP:PORT (default 127.0.0.1:8080; plain HTTP: put TLS in front for anything but loopback)", HelpName = "IP:PORT" };
        var command = target.AddTo(new Command("web", "Serve the dashboard: overview, message log, quarantine with release; users from `vigil user add`."));
        command.Add(quarantine);
        command.Add(sendmail);
        command.Add(listen);
        command.SetAction(async (parse, ct) =>
        {
            var chosen = target.Read(parse);
            if (chosen.Options() is not { } options || chosen.Location(options) is not { } location)
            {
                return 1;
            }

            var endpoint = new IPEndPoint(IPAddress.Loopback, DashboardSettings.DefaultPort);
            if (parse.GetValue(listen) is { } text && (!IPEndPoint.TryParse(text, out endpoint!) || endpoint.Port == 0))
            {
                throw new UsageException($"--listen: '{text}' is not IP:PORT");
            }

            if (Settings(options, location, endpoint, parse.GetValue(quarantine), parse.GetValue(sendmail), out var exit) is not { } settings)
            {
                return exit;
            }

            var (host, problem) = DashboardHost.Build(settings);
            if (host is null)
            {
                Console.Error.WriteLine($"vigil: {problem}");
                return 1;
            }

            await using (host.ConfigureAwait(false))
            {
                try
                {
                    await host.StartAsync(ct).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    Console.Error.WriteLine($"vigil: --listen {endpoint}: {e.Message}");
                    return 1;
                }

                Console.Error.WriteLine($"vigil: dashboard on {host.Address} (store {location.Name}, quarantine {settings.QuarantineRoot})");
                try
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// The dashboard's settings from the control directory's `options` (quarantine=, reinject=,
    /// store-quarantine-max=) and the store, for `vigil web` and `vigil serve --web` alike; null
    /// (reason on stderr, exit code in <paramref name="exit"/>) when they are not usable.
    /// </summary>
    internal static DashboardSettings? Settings(PolicyOptions options, StoreLocation location, IPEndPoint listen, string? quarantine, string? reinject, out int exit)
    {
        exit = 2;
        if (!QuarantineLimits.TryGetMaxBytes(options, out var max, out var limitError))
        {
            Console.Error.WriteLine($"vigil: {limitError}");
            return null;
        }

        var settings = new DashboardSettings
        {
            QuarantineMaxBytes = max,
            Store = location,
            QuarantineRoot = quarantine ?? QuarantineOptions.Root(options),
            Reinject = reinject ?? QuarantineOptions.Reinject(options),
            Listen = listen,
        };
        if (QuarantineOptions.Reinjector(settings.Reinject, out var error) is null)
        {
            Console.Error.WriteLine($"vigil: {error}");
            return null;
        }

        return settings;
    }
}
