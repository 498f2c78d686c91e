using System.CommandLine;
using System.CommandLine.Parsing;
using Vigil.Install;

namespace Vigil.Commands;

/// <summary>
/// `vigil test-install [--control DIR] [--door queue|scan] [--queue PROG] [--from ADDR] [--to ADDR]`:
/// Qmail-Scanner's test_installation.sh. Sends the EICAR, policy and clean test mails through the
/// queue door (`vigil queue` as a child with the configured qmail-queue, or --queue PROG such as
/// the installed wrapper, run without arguments as qmail-smtpd does) or the engine (`scan`), and
/// reports per mail what was expected and what happened. Exit 0 when every mail sent behaved as
/// configured, 1 when one did not, 2 on a usage or configuration error.
/// </summary>
public static class TestInstallCommand
{
    public static Command Definition()
    {
        var s = new CommonSymbols();
        var door = new Option<string>("--door") { Description = "queue: through `vigil queue` (default); scan: through the engine", HelpName = "queue|scan" };
        door.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && value is not ("queue" or "scan"))
            {
                result.AddError($"--door: \"{value}\" is not queue or scan");
            }
        });
        var queue = new Option<string>("--queue") { Description = "The program to send through, run without arguments as qmail-smtpd does (e.g. the installed wrapper)", HelpName = "PROG" };
        var from = new Option<string>("--from") { Description = "The test mails' sender", HelpName = "ADDR" };
        var to = new Option<string>("--to") { Description = "The test mails' recipient", HelpName = "ADDR" };
        var command = s.AddTo(
            new Command("test-install", "Send the EICAR, policy and clean test mails through a door; exit 0 when all behave as configured."),
            s.Control);
        command.Add(door);
        command.Add(queue);
        command.Add(from);
        command.Add(to);
        command.SetAction((parse, _) => RunAsync(
            s.Read(parse),
            parse.GetValue(door) == "scan" ? TestDoor.Scan : TestDoor.Queue,
            parse.GetValue(queue),
            parse.GetValue(from),
            parse.GetValue(to)));
        return command;
    }

    private static async Task<int> RunAsync(CommonOptions options, TestDoor door, string? queueProgram, string? from, string? to)
    {
        var gateway = GatewayFactory.Create(options);
        if (gateway is null || GatewayFactory.Scanners(gateway.PolicyFor(options.Profiles).Layers, []) is not { } scanners)
        {
            return 2;
        }

        var address = DefaultAddress();
        from ??= address;
        to ??= address;
        foreach (var (what, value) in new[] { ("--from", from), ("--to", to) })
        {
            if (value.Length == 0 || value.AsSpan().IndexOfAny("\0\r\n<> \t\"") >= 0)
            {
                throw new UsageException($"{what}: \"{value}\" is not a plain mail address");
            }
        }

        var self = VigilExecutable.Current();
        var environment = new Dictionary<string, string>();
        List<string> command;
        if (queueProgram is not null)
        {
            command = [queueProgram];
            if (options.ControlDirectory is { } dir)
            {
                environment["VIGIL_CONTROL"] = dir;
            }
        }
        else
        {
            command = [.. self.Command, "queue"];
            if (options.ControlDirectory is { } dir)
            {
                command.Add("--control");
                command.Add(dir);
            }
        }

        var settings = new TestInstallSettings
        {
            Door = door,
            Policy = gateway.PolicyFor(options.Profiles),
            Gateway = gateway,
            Judging = GatewayFactory.Door(options),
            Scanners = scanners.Current,
            QueueCommand = command,
            QueueEnvironment = environment,
            From = from,
            To = to,
        };

        Console.Out.WriteLine($"vigil test-install: door {(door == TestDoor.Queue ? "queue: " + Install.ShellQuote.Words(command) : "scan (the engine in this process, no side effects)")}");
        Console.Out.WriteLine($"control directory: {options.ControlDirectory ?? "(none: built-in defaults)"}; envelope {from} -> {to}");
        var outcomes = await new TestInstallRunner(settings).RunAsync();
        Console.Out.Write(TestInstallRunner.Format(outcomes));
        foreach (var o in outcomes)
        {
            if (o.Passed == false)
            {
                return 1;
            }
        }

        return 0;
    }

    /// <summary>postmaster at this host, as qmail names it (control/me), else the machine's name.</summary>
    private static string DefaultAddress()
    {
        string? host = null;
        try
        {
            var me = Path.Combine(Install.InstallLayout.DefaultQmailDirectory, "control", "me");
            if (File.Exists(me))
            {
                host = File.ReadLines(me).FirstOrDefault()?.Trim();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        if (string.IsNullOrEmpty(host))
        {
            host = System.Net.Dns.GetHostName();
        }

        return "postmaster@" + (string.IsNullOrEmpty(host) ? "localhost" : host);
    }
}
