using Vigil.Doors;
using Vigil.Doors.Deliver;
using Vigil.Doors.Qhpsi;
using Vigil.Doors.Queue;

namespace Vigil.Commands;

/// <summary>Dispatches `vigil VERB ...` to its command. Exit 2 for usage errors, as clamdscan does.</summary>
public static class CommandRouter
{
    private static readonly HashSet<string> Verbs = ["scan", "inspect", "scanners", "config", "quarantine", "cleanup", "queue", "deliver", "install", "test-install", "version", "help"];

    public static async Task<int> RunAsync(string[] args)
    {
        (args, var fromQhpsi) = QhpsiArguments.Normalize(args, Verbs.Contains);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Usage.Text);
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                // Under QHPSI fd 1 is qmail-queue's envelope pipe; its log (our stderr) gets the line.
                "scan" => await ScanCommand.RunAsync(rest, fromQhpsi ? Console.OpenStandardError() : null),
                "inspect" => await InspectCommand.RunAsync(rest),
                "scanners" => await ScannersCommand.RunAsync(rest),
                "config" when rest.Length > 0 && rest[0] == "check" => ConfigCheckCommand.Run(rest[1..]),
                "quarantine" => await QuarantineCommand.RunAsync(rest),
                "cleanup" => CleanupCommand.Run(rest),
                "queue" => await QueueDoor.RunAsync(rest),
                "deliver" => await DeliverDoor.RunAsync(rest),
                "install" => InstallCommand.Run(rest),
                "test-install" => await TestInstallCommand.RunAsync(rest),
                "version" or "--version" => Version(),
                _ => UsageError($"unknown command \"{args[0]}\""),
            };
        }
        catch (UsageException e)
        {
            return UsageError(e.Message);
        }
    }

    internal static int UsageError(string message)
    {
        Console.Error.WriteLine($"vigil: {message}");
        Console.Error.WriteLine("Try `vigil --help`.");
        return 2;
    }

    private static int Version()
    {
        Console.Out.WriteLine($"vigil {typeof(CommandRouter).Assembly.GetName().Version}");
        return 0;
    }
}
