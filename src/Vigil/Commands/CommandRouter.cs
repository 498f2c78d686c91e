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
        // QHPSI's `vigil QUEUEFILE [QHPSIARG...]`: fd 1 is qmail-queue's envelope pipe, so the
        // verdict line goes to stderr (its log); any mistake defers (454), never a pass.
        if (QhpsiArguments.Recognize(args, IsVerb, Environment.GetEnvironmentVariable) is { } qhpsi)
        {
            return await QhpsiScan.RunAsync(qhpsi);
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
