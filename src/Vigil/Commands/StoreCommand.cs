using System.CommandLine;
using Vigil.Output;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Store.Import;
using Vigil.Store.Location;
using Vigil.Store.Quarantine;
using Vigil.Store.Sqlite;

namespace Vigil.Commands;

/// <summary>
/// `vigil store import [--format F] FILE...` reads existing logs into the store (Vigil's own lines,
/// its spill file, Qmail-Scanner's syslog lines and mailstats.csv, quarantine.log): each file in
/// one transaction, a malformed line reported as file:line, skipped and counted. Exit 0, 1 when a
/// file could not be read or had malformed lines. `vigil store migrate` creates the store or
/// brings its schema up to this vigil's version. `vigil store sync` (PostgreSQL) brings this
/// node's quarantine files and the shared quarantine together (<see cref="QuarantineSync"/>).
/// </summary>
internal static class StoreCommand
{
    public static Command Definition()
    {
        var command = new Command("store", "The store: import existing logs, migrate the schema, sync the shared quarantine.");
        command.Add(ImportDefinition());
        command.Add(MigrateDefinition());
        command.Add(SyncDefinition());
        return command;
    }

    private static Command SyncDefinition()
    {
        var target = new StoreTarget();
        var quarantine = new Option<string>("--quarantine", "-q") { Description = "This node's quarantine (default: quarantine= in options, else /var/spool/vigil/quarantine)", HelpName = "DIR" };
        var command = target.AddTo(new Command("sync", "PostgreSQL: copy this node's quarantined messages the store lacks into it, and apply what other nodes released or deleted to this node's files."));
        command.Add(quarantine);
        command.SetAction(async (parse, ct) =>
        {
            var chosen = target.Read(parse);
            if (chosen.Options() is not { } options || chosen.Location(options) is not { } location)
            {
                return 1;
            }

            if (!location.IsPostgres)
            {
                Console.Error.WriteLine($"vigil: store {location.Name}: only a PostgreSQL store shares the quarantine");
                return 1;
            }

            if (!QuarantineLimits.TryGetMaxBytes(options, out var max, out var error))
            {
                Console.Error.WriteLine($"vigil: {error}");
                return 2;
            }

            // Migrated first, so a store older than the shared quarantine gets its table.
            using (var store = location.Open(TimeSpan.FromSeconds(10), create: true, out error))
            {
                if (store is null)
                {
                    Console.Error.WriteLine($"vigil: {error}");
                    return 1;
                }
            }

            // A bad reinject= leaves other nodes' release requests waiting; the rest of the sync still runs.
            var reinjector = QuarantineOptions.Reinjector(QuarantineOptions.Reinject(options), out var reinjectError);
            if (reinjector is null)
            {
                Console.Error.WriteLine($"vigil: reinject: {reinjectError}; other nodes' release requests wait");
            }

            var service = new ReleaseService(new QuarantineStore(parse.GetValue(quarantine) ?? QuarantineOptions.Root(options)), location, NodeName.Current, max);
            var r = await QuarantineSync.RunAsync(service, reinjector, ct);
            foreach (var p in r.Problems)
            {
                Console.Error.WriteLine($"vigil: {p}");
            }

            Console.Out.Write($"store {location.Name}, node {service.Node}: {r.Added} added, {r.MarkedReleased} marked released, {r.Removed} removed, {r.Told} released here told to the store, {r.Sent} sent on another node's request{(r.Superseded > 0 ? $", {r.Superseded} pending state(s) not applied (the row was settled or claimed again meanwhile)" : "")}\n");
            return r.Problems.Count == 0 && reinjector is not null ? 0 : 1;
        });
        return command;
    }

    private static Command ImportDefinition()
    {
        var target = new StoreTarget();
        var format = new Option<string>("--format") { Description = "auto (from each file's first line), vigil, spill, qmail-scanner (syslog lines), mailstats, quarantine-log", HelpName = "FORMAT", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "vigil", "spill", "qmail-scanner", "mailstats", "quarantine-log");
        var node = new Option<string>("--node") { Description = "The node of lines that do not name one (default: this host)", HelpName = "NAME" };
        var files = new Argument<string[]>("FILE") { Description = "Log files to import", Arity = ArgumentArity.OneOrMore };
        var command = target.AddTo(new Command("import", "Import Vigil's log lines or spill file, Qmail-Scanner's syslog lines or mailstats.csv, or quarantine.log into the store."));
        command.Add(format);
        command.Add(node);
        command.Add(files);
        command.SetAction(parse => Import(target.Read(parse), Format(parse.GetValue(format)!), parse.GetValue(node) ?? Environment.MachineName, parse.GetValue(files)!));
        return command;
    }

    private static Command MigrateDefinition()
    {
        var target = new StoreTarget();
        var command = target.AddTo(new Command("migrate", "Create the store, or bring its schema up to this vigil's version."));
        command.SetAction(parse =>
        {
            using var store = target.Read(parse).OpenAny(create: true);
            if (store is null)
            {
                return 1;
            }

            Console.Out.Write($"store {store.Name}: schema version {store.SchemaVersion}\n");
            return 0;
        });
        return command;
    }

    private static ImportFormat Format(string word) => word switch
    {
        "vigil" => ImportFormat.Vigil,
        "spill" => ImportFormat.Spill,
        "qmail-scanner" => ImportFormat.QmailScannerSyslog,
        "mailstats" => ImportFormat.Mailstats,
        "quarantine-log" => ImportFormat.QuarantineLog,
        _ => ImportFormat.Auto,
    };

    private static int Import(StoreTarget target, ImportFormat format, string node, string[] files)
    {
        using var store = target.OpenAny(create: true);
        if (store is null)
        {
            return 1;
        }

        var failed = false;
        foreach (var file in files)
        {
            var progress = new ProgressLine("importing " + file);
            var result = FileImporter.Import(store, file, format, node, progress.Report);
            progress.Done();
            if (result.Error is not null)
            {
                Console.Error.WriteLine($"vigil: {result.Error}");
                failed = true;
                continue;
            }

            foreach (var line in result.Malformed)
            {
                Console.Error.WriteLine($"vigil: {line}");
            }

            if (result.MalformedCount > result.Malformed.Count)
            {
                Console.Error.WriteLine($"vigil: {file}: {result.MalformedCount - result.Malformed.Count} more malformed lines");
            }

            failed |= result.MalformedCount > 0;
            Console.Out.Write($"{file}: {FormatWord(result.Format)}, {result.Lines} lines, {result.Added} rows added, {result.StatesChanged} quarantine states set, {result.MalformedCount} malformed lines skipped\n");
        }

        return failed ? 1 : 0;
    }

    private static string FormatWord(ImportFormat format) => format switch
    {
        ImportFormat.Vigil => "vigil",
        ImportFormat.Spill => "spill",
        ImportFormat.QmailScannerSyslog => "qmail-scanner",
        ImportFormat.Mailstats => "mailstats",
        ImportFormat.QuarantineLog => "quarantine-log",
        _ => "unknown",
    };
}
