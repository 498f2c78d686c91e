using System.CommandLine;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Commands;

/// <summary>
/// `vigil cleanup [--days N] [--quarantine DIR] [--control DIR]` (Qmail-Scanner's -z, for a daily
/// cron job): removes quarantined messages older than N days (--days, else `options`
/// quarantinedays=, else 14) and files left in tmp/ older than 30 hours, only Vigil's own files;
/// also the doors' work directories older than 30 hours that a kill left in the temp directory.
/// Prints one "removed PATH" line per file. Exit 0, 1 when a file could not be removed or the
/// quarantine is missing, 2 on usage errors.
/// </summary>
public static class CleanupCommand
{
    public static Command Definition()
    {
        var target = new QuarantineCommand.QuarantineTarget();
        var days = new Option<string>("--days") { Description = "Keep N days of quarantine (default: quarantinedays= in options, else 14)", HelpName = "N" };
        var command = target.AddTo(new Command("cleanup", "Remove quarantined messages older than N days, tmp/ files and doors' work directories older than 30 hours (for a daily cron job)."));
        command.Add(days);
        command.SetAction(parse => Run(target.Read(parse), parse.GetValue(days)));
        return command;
    }

    private static int Run(QuarantineCommand.QuarantineTarget parsed, string? days)
    {
        if (parsed.ResolveOptions() is not { } options)
        {
            return 1;
        }

        TimeSpan retention;
        if (days is not null)
        {
            if (!QuarantineOptions.TryParseDays(days, out var n))
            {
                throw new UsageException($"--days: '{days}' is not a number of days from 1 to 36500");
            }

            retention = TimeSpan.FromDays(n);
        }
        else if (!QuarantineOptions.TryGetRetention(options, out retention))
        {
            Console.Error.WriteLine($"vigil: {QuarantineOptions.Validate(options)[0]}");
            return 2;
        }

        var root = parsed.Quarantine ?? QuarantineOptions.Root(options);
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"vigil: quarantine {root}: No such directory");
            return 1;
        }

        var result = new QuarantineCleaner(root).Clean(retention, QuarantineCleaner.StaleTmpAge, DateTime.UtcNow);
        foreach (var path in result.Removed)
        {
            Console.Out.Write($"removed {path}\n");
        }

        foreach (var failure in result.Failed)
        {
            Console.Error.WriteLine($"vigil: cannot remove {failure}");
        }

        // Work directories of doors killed by a signal (their spooled message included).
        var work = Doors.StaleWorkDirectories.Clean(Path.GetTempPath(), QuarantineCleaner.StaleTmpAge, DateTime.UtcNow);
        foreach (var path in work.Removed)
        {
            Console.Out.Write($"removed {path}\n");
        }

        foreach (var failure in work.Failed)
        {
            // Another user's door (the temp directory is shared): said, but not this run's failure.
            Console.Error.WriteLine($"vigil: cannot remove {failure}");
        }

        return result.Failed.Count > 0 ? 1 : 0;
    }
}
