using System.CommandLine;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Store.Quarantine;

namespace Vigil.Commands;

/// <summary>
/// `vigil cleanup [--days N] [--quarantine DIR] [--control DIR]` (Qmail-Scanner's -z, for a daily
/// cron job): removes quarantined messages older than N days (--days, else `options`
/// quarantinedays=, else 14) and files left in tmp/ older than 30 hours, only Vigil's own files;
/// also the doors' work directories older than 30 hours that a kill left in the temp directory.
/// The store follows: the rows of a message removed unreleased say deleted, and with PostgreSQL
/// this node's shared quarantine rows whose files are gone are pruned (QuarantineRetention).
/// Prints one "removed PATH" line per file. Exit 0, 1 when a file could not be removed or the
/// quarantine is missing, 2 on usage errors.
/// </summary>
public static class CleanupCommand
{
    public static Command Definition()
    {
        var target = new QuarantineCommand.QuarantineTarget();
        var days = new Option<string>("--days") { Description = "Keep N days of quarantine (default: quarantinedays= in options, else 14)", HelpName = "N" };
        var store = new Option<string>("--store") { Description = "The store to prune (default: store= in options, else $VIGIL_STORE, else /var/lib/vigil/store.db)", HelpName = "STORE" };
        var command = target.AddTo(new Command("cleanup", "Remove quarantined messages older than N days, store rows older than store-days, tmp/ files and doors' work directories older than 30 hours (for a daily cron job)."));
        command.Add(days);
        command.Add(store);
        command.SetAction(parse => Run(target.Read(parse), parse.GetValue(days), parse.GetValue(store)));
        return command;
    }

    private static int Run(QuarantineCommand.QuarantineTarget parsed, string? days, string? store)
    {
        if (parsed.ResolveOptions() is not { } options)
        {
            return 1;
        }

        var storeFailed = !PruneStore(options, store);

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

        storeFailed |= !ForgetRemoved(options, store, root, result.Removed, retention);

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

        return result.Failed.Count > 0 || storeFailed ? 1 : 0;
    }

    /// <summary>
    /// Tells the store what the quarantine's retention removed: with SQLite the rows of each
    /// message removed unreleased say 'deleted'; with PostgreSQL this node's rows of the shared
    /// quarantine whose files are gone are pruned (<see cref="QuarantineRetention"/>). False
    /// (reason on stderr) when the store exists and cannot be told.
    /// </summary>
    private static bool ForgetRemoved(Engine.Policy.Control.PolicyOptions options, string? store, string root, IReadOnlyList<string> removed, TimeSpan retention)
    {
        // The messages removed from new/ and cur/ (tmp/ holds none yet), and whether each had been released.
        var messages = new List<(string Id, bool Released)>();
        foreach (var path in removed)
        {
            var sub = Path.GetFileName(Path.GetDirectoryName(path));
            if (sub is "new" or "cur" && MaildirName.TryParseFileName(Path.GetFileName(path), out var id, out var flags))
            {
                messages.Add((id, flags.Contains('P', StringComparison.Ordinal)));
            }
        }

        if (StoreTarget.Resolve(options, store, quiet: true) is not { } location || (!location.IsPostgres && !File.Exists(location.SqlitePath)))
        {
            return true;
        }

        try
        {
            if (location.IsPostgres)
            {
                var service = new ReleaseService(new QuarantineStore(root), location, Vigil.Store.Location.NodeName.Current);
                using var connection = service.Connect();
                if (connection is null)
                {
                    Console.Error.WriteLine($"vigil: store {location.Name}: {service.LastDatabaseError}; the shared quarantine is pruned at the next cleanup");
                    return false;
                }

                var pruned = QuarantineRetention.Prune(service, [.. messages.Select(m => m.Id)], retention, DateTimeOffset.UtcNow, connection);
                Console.Out.Write($"removed {pruned} shared quarantine rows of node {service.Node} whose files are gone from {location.Name}\n");
                return true;
            }

            using var opened = location.Open(TimeSpan.FromSeconds(10), create: false, out var error);
            if (opened is null)
            {
                Console.Error.WriteLine($"vigil: {error}");
                return false;
            }

            foreach (var (id, _) in messages.Where(m => !m.Released))
            {
                opened.SetQuarantineState(id, "deleted");
            }

            return true;
        }
        catch (System.Data.Common.DbException e)
        {
            Console.Error.WriteLine($"vigil: store {location.Name}: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// Removes the store's rows older than `store-days=` (default 180). A store that does not
    /// exist yet has nothing to prune; false (reason on stderr) when one exists and cannot be.
    /// </summary>
    private static bool PruneStore(Engine.Policy.Control.PolicyOptions options, string? store)
    {
        if (!Vigil.Store.Location.StoreLocation.TryGetRetentionDays(options, out var keep, out var error))
        {
            Console.Error.WriteLine($"vigil: {error}");
            return false;
        }

        if (StoreTarget.Resolve(options, store, quiet: true) is not { } location || (!location.IsPostgres && !File.Exists(location.SqlitePath)))
        {
            return true;
        }

        using var opened = location.Open(TimeSpan.FromSeconds(10), create: false, out error);
        if (opened is null)
        {
            Console.Error.WriteLine($"vigil: {error}");
            return false;
        }

        var removed = opened.Prune(DateTimeOffset.UtcNow - TimeSpan.FromDays(keep));
        Console.Out.Write($"removed {removed} store rows older than {keep} days from {location.Name}\n");
        return true;
    }
}
