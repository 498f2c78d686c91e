using Vigil.Doors.Deliver;
using Vigil.Doors.Qhpsi;
using Vigil.Doors.Queue;

namespace Vigil.Commands;

/// <summary>
/// Sends `vigil ...` to a door (qmail's argument contracts, parsed by hand: `queue`, `deliver`,
/// QHPSI's `vigil QUEUEFILE scan`) or to the admin verbs (System.CommandLine, <see cref="AdminCommands"/>).
/// </summary>
public static class CommandRouter
{
    public static async Task<int> RunAsync(string[] args)
    {
        (args, var fromQhpsi) = QhpsiArguments.Normalize(args, IsVerb);
        if (fromQhpsi)
        {
            // Under QHPSI fd 1 is qmail-queue's envelope pipe; its log (our stderr) gets the line.
            // A usage error is exit 2, which QHPSI turns into a deferral (454).
            try
            {
                return await ScanCommand.RunAsync(CommonOptions.Parse(args[1..]), Console.OpenStandardError());
            }
            catch (UsageException e)
            {
                return UsageError(e.Message);
            }
        }

        return args.Length > 0 && args[0] == "queue" ? await QueueDoor.RunAsync(args[1..])
            : args.Length > 0 && args[0] == "deliver" ? await DeliverDoor.RunAsync(args[1..])
            : await AdminCommands.InvokeAsync(args);
    }

    internal static int UsageError(string message)
    {
        Console.Error.WriteLine($"vigil: {message}");
        Console.Error.WriteLine("Try `vigil --help`.");
        return 2;
    }

    private static bool IsVerb(string word) => word is "queue" or "deliver" || AdminCommands.Names.Contains(word);
}
