using System.CommandLine;
using System.Globalization;
using Vigil.Output;
using Vigil.Store.Reports;

namespace Vigil.Commands;

/// <summary>
/// `vigil report [--from DAY] [--to DAY] [--monthly] [-r] [-o] OUT/`: the static HTML site of
/// <see cref="ReportSite"/> from the store (QMVC's qmvclog2html with -m, Virulator, WebCalendar).
/// DAY is yyyy-MM-dd (UTC); --to includes that day; without them, all the store holds. -r hides
/// recipients' and -o originators' local parts (HMAC tokens under a key made for this run).
/// Exit 0, 1 when the store cannot be read or OUT cannot be written, 2 on usage errors.
/// </summary>
internal static class ReportCommand
{
    public static Command Definition()
    {
        var target = new StoreTarget();
        var from = new Option<string>("--from") { Description = "First day (yyyy-MM-dd, UTC; default: the store's first)", HelpName = "DAY" };
        var to = new Option<string>("--to") { Description = "Last day, included (yyyy-MM-dd, UTC; default: the store's last)", HelpName = "DAY" };
        var monthly = new Option<bool>("--monthly", "-m") { Description = "A page per month instead of per day" };
        var recipients = new Option<bool>("-r") { Description = "Anonymise recipients" };
        var originators = new Option<bool>("-o") { Description = "Anonymise originators (senders)" };
        var output = new Argument<string>("OUT") { Description = "The directory to write index.html and its pages into" };
        var command = target.AddTo(new Command("report", "A static HTML report from the store: daily/monthly summaries, viruses, blocked names and types, hit lists, latency, a calendar."));
        foreach (var option in new Option[] { from, to, monthly, recipients, originators })
        {
            command.Add(option);
        }

        command.Add(output);
        command.SetAction(parse => Run(
            target.Read(parse),
            Day(parse.GetValue(from), "--from"),
            Day(parse.GetValue(to), "--to"),
            new ReportOptions { Monthly = parse.GetValue(monthly), AnonymizeRecipients = parse.GetValue(recipients), AnonymizeSenders = parse.GetValue(originators) },
            parse.GetValue(output)!));
        return command;
    }

    private static int Run(StoreTarget target, DateTimeOffset? from, DateTimeOffset? to, ReportOptions options, string output)
    {
        using var store = target.OpenAny(create: false);
        if (store is null)
        {
            return 1;
        }

        var reader = store.Reader();
        var span = reader.Span();
        var start = from ?? (span is { } first ? Midnight(first.First) : DateTimeOffset.UtcNow.Date);
        var end = to?.AddDays(1) ?? (span is { } last ? Midnight(last.Last).AddDays(1) : start.AddDays(1));
        if (end <= start)
        {
            throw new UsageException("--to is before --from");
        }

        var progress = new ProgressLine("writing " + output);
        try
        {
            var files = ReportSite.Write(reader, options with { From = start, To = end }, output, progress.Report);
            progress.Done();
            Console.Out.Write($"wrote {files.Count} pages to {Path.Combine(output, "index.html")}\n");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            progress.Done();
            Console.Error.WriteLine($"vigil: {output}: {e.Message}");
            return 1;
        }
    }

    private static DateTimeOffset Midnight(DateTimeOffset t) => new(t.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset? Day(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
        {
            throw new UsageException($"{option}: '{text}' is not a day (yyyy-MM-dd)");
        }

        return new DateTimeOffset(day, TimeSpan.Zero);
    }
}
