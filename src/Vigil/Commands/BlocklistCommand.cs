using System.CommandLine;
using Vigil.Engine.Dispositions;
using Vigil.Store.Blocklist;
using Vigil.Store.Reading;

namespace Vigil.Commands;

/// <summary>
/// `vigil blocklist [--min-hits N] [--days D] [--apply] [--badmailfrom FILE] [--local DOMAIN]`
/// (QMVC's blockvirussender): the senders of at least N virus messages in the last D days as
/// badmailfrom lines. A dry run by default: the lines go to stdout, their counts to stderr. With
/// --apply they are added to qmail's control/badmailfrom (beside the real qmail-queue, or
/// --badmailfrom), keeping what is there. Never the null sender nor a local domain's address
/// (qmail's me, locals, rcpthosts, virtualdomains, and --local). Exit 0, 1 when the store or the
/// file could not be used, 2 on usage errors.
/// </summary>
internal static class BlocklistCommand
{
    public static Command Definition()
    {
        var target = new StoreTarget();
        var minHits = new Option<int>("--min-hits") { Description = "Senders of at least N virus messages (default 3)", HelpName = "N", DefaultValueFactory = _ => 3 };
        var days = new Option<int>("--days") { Description = "Count the last D days (default 7)", HelpName = "D", DefaultValueFactory = _ => 7 };
        var apply = new Option<bool>("--apply") { Description = "Add the lines to badmailfrom (without it: print them only)" };
        var file = new Option<string>("--badmailfrom") { Description = "The badmailfrom file (default: qmail's control/badmailfrom beside qmailqueue=)", HelpName = "FILE" };
        var local = new Option<string[]>("--local") { Description = "Also a local domain, never listed (repeatable)", HelpName = "DOMAIN" };
        var command = target.AddTo(new Command("blocklist", "badmailfrom lines for the senders of the most viruses (dry run unless --apply)."));
        command.Add(minHits);
        command.Add(days);
        command.Add(apply);
        command.Add(file);
        command.Add(local);
        command.SetAction(parse => Run(target.Read(parse), parse.GetValue(minHits), parse.GetValue(days), parse.GetValue(apply), parse.GetValue(file), parse.GetValue(local) ?? []));
        return command;
    }

    private static int Run(StoreTarget target, int minHits, int days, bool apply, string? file, string[] localNames)
    {
        if (minHits < 1 || days is < 1 or > 36500)
        {
            throw new UsageException("--min-hits must be at least 1 and --days from 1 to 36500");
        }

        if (target.Options() is not { } options)
        {
            return 1;
        }

        using var store = target.OpenAny(create: false);
        if (store is null)
        {
            return 1;
        }

        var qmailControl = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(QmailQueueLocation.Resolve(options)) ?? "/") ?? "/", "control");
        var local = new LocalDomains();
        local.AddQmail(qmailControl);
        foreach (var name in localNames)
        {
            local.Add(name);
        }

        var now = DateTimeOffset.UtcNow;
        var senders = store.Reader().HitList(HitColumn.Sender, "virus", now - TimeSpan.FromDays(days), now.AddMinutes(1), 10_000);
        var entries = BlocklistBuilder.Build(senders, minHits, local);
        if (!apply)
        {
            // stdout is exactly the badmailfrom lines (to review, or to append by hand); the counts go to stderr.
            foreach (var e in entries)
            {
                Console.Out.Write($"{e.Address}\n");
                Console.Error.WriteLine($"vigil: blocklist: {e.Address}: {e.Hits} virus messages in {days} days");
            }

            return 0;
        }

        var path = file ?? Path.Combine(qmailControl, "badmailfrom");
        try
        {
            foreach (var added in BadmailfromFile.Add(path, [.. entries.Select(e => e.Address)]))
            {
                Console.Out.Write($"added {added} to {path}\n");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"vigil: {path}: {e.Message}");
            return 1;
        }

        return 0;
    }
}
