using System.Globalization;
using System.Security.Cryptography;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Store.Reading;

namespace Vigil.Store.Reports;

/// <summary>
/// `vigil report`'s static site (QMVC's qmvclog2html, Virulator, qmvcmonth and WebCalendar in one):
/// OUT/index.html with the whole range (messages per day, or per month for a long range, as an
/// inline SVG chart; the summary, latency percentiles, top viruses, per-scanner counts, blocked
/// names and types, hit lists; a calendar index), and one page per day with messages
/// (day-YYYY-MM-DD.html) or, with Monthly, per month (month-YYYY-MM.html). No script; every text
/// from the store escaped.
/// </summary>
public static class ReportSite
{
    /// <summary>Writes the site into <paramref name="directory"/> (created); the files written.</summary>
    /// <param name="progress">Told pages done and pages in all.</param>
    public static IReadOnlyList<string> Write(StoreReader reader, ReportOptions options, string directory, Action<long, long>? progress = null)
    {
        Directory.CreateDirectory(directory);
        var anonymizer = new LogAnonymizer(RandomNumberGenerator.GetBytes(32));
        var sections = new ReportSections(reader, options, anonymizer);
        var (from, to) = (options.From, options.To);
        var daily = reader.Periods(from, to, monthly: false);
        var perDay = daily.GroupBy(c => c.Period).ToDictionary(g => g.Key, g => g.Sum(c => c.Messages), StringComparer.Ordinal);
        var pagePeriods = options.Monthly ? reader.Periods(from, to, monthly: true) : daily;
        var pages = pagePeriods.Select(c => c.Period).Distinct().Order(StringComparer.Ordinal).ToList();
        var written = new List<string>();

        var longRange = (to - from).TotalDays > 92 || options.Monthly;
        var chartCounts = longRange ? reader.Periods(from, to, monthly: true) : daily;
        var chartPeriods = AllPeriods(chartCounts, to, longRange);
        Func<string, string?> chartLink = options.Monthly == longRange ? p => PageName(p, options.Monthly) : _ => null;

        var body = new System.Text.StringBuilder();
        body.Append("<p>").Append(Html.Text(Range(from, to))).Append("</p>");
        body.Append("<section><h2>Messages per ").Append(longRange ? "month" : "day").Append("</h2>").Append(SvgChart.Stacked(chartPeriods, chartCounts, chartLink)).Append("</section>");
        body.Append(CalendarIndex.Write(perDay, d => PageName(d, false), options.Monthly ? m => PageName(m, true) : null));
        body.Append(sections.Write(from, to, daily));
        written.Add(Save(directory, "index.html", Html.Page("Vigil mail report", body.ToString())));

        for (var i = 0; i < pages.Count; i++)
        {
            var (start, end) = Bounds(pages[i], options.Monthly);
            start = start < from ? from : start;
            end = end > to ? to : end;
            var counts = (options.Monthly ? pagePeriods : daily).Where(c => c.Period == pages[i]).ToList();
            var page = new System.Text.StringBuilder();
            page.Append("<p>").Append(Html.Text(Range(start, end))).Append("</p>");
            if (options.Monthly)
            {
                var days = daily.Where(c => c.Period.StartsWith(pages[i], StringComparison.Ordinal)).ToList();
                page.Append("<section><h2>Messages per day</h2>").Append(SvgChart.Stacked(AllPeriods(days, end, false), days)).Append("</section>");
            }

            page.Append(sections.Write(start, end, counts));
            written.Add(Save(directory, PageName(pages[i], options.Monthly), Html.Page("Vigil mail report: " + pages[i], page.ToString(), "index.html")));
            progress?.Invoke(i + 1, pages.Count);
        }

        return written;
    }

    public static string PageName(string period, bool monthly) => (monthly ? "month-" : "day-") + period + ".html";

    private static string Range(DateTimeOffset from, DateTimeOffset to) =>
        $"From {from.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} to {to.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";

    private static (DateTimeOffset, DateTimeOffset) Bounds(string period, bool monthly)
    {
        if (monthly)
        {
            var m = DateTime.ParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            var start = new DateTimeOffset(m, TimeSpan.Zero);
            return (start, start.AddMonths(1));
        }

        var d = DateTime.ParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var day = new DateTimeOffset(d, TimeSpan.Zero);
        return (day, day.AddDays(1));
    }

    /// <summary>Every day (or month) from the first with messages to the last, so that quiet days show as gaps.</summary>
    private static List<string> AllPeriods(IReadOnlyList<PeriodCount> counts, DateTimeOffset to, bool monthly)
    {
        if (counts.Count == 0)
        {
            return [];
        }

        var first = counts.Min(c => c.Period)!;
        var last = counts.Max(c => c.Period)!;
        var list = new List<string>();
        var (start, _) = Bounds(first, monthly);
        var (end, _) = Bounds(last, monthly);
        for (var t = start; t <= end && t < to && list.Count < 5000; t = monthly ? t.AddMonths(1) : t.AddDays(1))
        {
            list.Add(t.UtcDateTime.ToString(monthly ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return list;
    }

    private static string Save(string directory, string name, string html)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, html);
        return path;
    }
}
