using System.CommandLine;
using System.Text;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Scanners.Command;
using Vigil.Engine.Scanners.CommandApi;
using Vigil.Engine.Scanners.Orchestration;

namespace Vigil.Commands;

/// <summary>
/// `vigil scanners` (QMVC's "scanner" script): each configured scanner, then each of its endpoints
/// with whether it answers, the engine and the signature version (clamd: PING and VERSION;
/// spamd: PING; rspamd: GET /ping; a `command`/`commandapi` program: that it exists and is
/// executable, not run). Exit 0 when every required scanner has an endpoint that answers, 2
/// otherwise (or on a configuration error); an optional one that does not answer is listed but
/// does not fail the command.
/// </summary>
public static class ScannersCommand
{
    public static Command Definition()
    {
        var s = new CommonSymbols();
        var command = s.AddTo(
            new Command("scanners", "List each scanner (control file `scanners`, and --clamd) with whether it answers, its engine and signature versions. Exit 0 when every required scanner answers, 2 otherwise."),
            s.Control, s.Clamd);
        command.SetAction((parse, _) => RunAsync(s.Read(parse)));
        return command;
    }

    private static async Task<int> RunAsync(CommonOptions options)
    {
        if (options.ControlDirectory is { } dir && !Directory.Exists(dir))
        {
            Console.Error.WriteLine($"vigil: control directory {dir}: No such directory");
            return 2;
        }

        if (GatewayFactory.CommandLineScanners(options) is not { } extra
            || GatewayFactory.Scanners(new ControlLayers([options.ControlDirectory]), extra) is not { } provider)
        {
            return 2;
        }

        var set = provider.Current;
        if (set.Scanners.Count == 0)
        {
            Console.Out.WriteLine("no scanners configured (control file `scanners`, or --clamd ADDR)");
            return 0;
        }

        // Ask them all at once: an unreachable one waits out its connect timeout without holding up the rest.
        var checks = new Task<IReadOnlyList<ScannerHealth>?>[set.Scanners.Count];
        for (var i = 0; i < checks.Length; i++)
        {
            checks[i] = Check(set.Scanners[i]);
        }

        var results = await Task.WhenAll(checks);
        var sb = new StringBuilder();
        var failed = false;
        for (var i = 0; i < results.Length; i++)
        {
            var scanner = set.Scanners[i];
            sb.Append(scanner.Name).Append(" (").Append(scanner.Required ? "required" : "optional").Append("; ").Append(scanner.Origin).Append(")\n");
            if (results[i] is not { } health)
            {
                sb.Append("  no health check for this kind of scanner\n");
                continue;
            }

            var answers = false;
            foreach (var h in health)
            {
                answers |= h.Reachable;
                sb.Append("  ").Append(h.Target).Append(": ");
                if (!h.Reachable && scanner.Scanner is CommandScanner or CommandApiScanner)
                {
                    sb.Append("not usable: ").Append(h.Detail);
                }
                else if (!h.Reachable)
                {
                    // The client's messages start with the address, already printed at the left.
                    var why = h.Detail.StartsWith(h.Target + ": ", StringComparison.Ordinal) ? h.Detail[(h.Target.Length + 2)..] : h.Detail;
                    sb.Append("unreachable: ").Append(why);
                }
                else if (h.Engine is null && scanner.Scanner is CommandScanner or CommandApiScanner)
                {
                    sb.Append("ok, ").Append(h.Detail);
                }
                else if (h.Engine is null)
                {
                    sb.Append("answers; version unknown: ").Append(h.Detail);
                }
                else
                {
                    sb.Append("ok, ").Append(h.Engine).Append(", signatures ").Append(h.Signatures ?? "version not reported");
                }

                sb.Append('\n');
            }

            failed |= scanner.Required && !answers;
        }

        Console.Out.Write(sb.ToString());
        return failed ? 2 : 0;
    }

    private static async Task<IReadOnlyList<ScannerHealth>?> Check(ConfiguredScanner scanner) =>
        scanner.Scanner is IScannerHealthCheck check ? await check.CheckHealthAsync(CancellationToken.None) : null;
}
