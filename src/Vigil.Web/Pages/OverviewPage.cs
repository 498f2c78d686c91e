using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Store.Reading;
using Vigil.Web.Hosting;
using Vigil.Web.Html;
using Vigil.Web.Quarantine;
using Vigil.Web.Security;
using Vigil.Web.Users;

namespace Vigil.Web.Pages;

/// <summary>/: volume and verdicts, each scanner's health and time per node, top viruses, top blocked names, judging time, the quarantine; refreshes itself (no script: a meta refresh).</summary>
public static class OverviewPage
{
    private static readonly double[] Quantiles = [0.5, 0.9, 0.99, 1.0];

    private static readonly double[] ScannerQuantiles = [0.5, 0.9, 0.99];

    public static IResult Show(HttpContext context)
    {
        if (Session.User(context) is not { } user)
        {
            return Results.Redirect("/login");
        }

        var settings = context.RequestServices.GetRequiredService<DashboardSettings>();
        var range = TimeRange.Pick(context.Request.Query["range"]);
        var to = DateTimeOffset.UtcNow;
        var from = to - range.Length;
        var database = context.RequestServices.GetRequiredService<DashboardDatabase>();
        using var connection = database.Open();
        var reader = database.Reader(connection);
        var scope = user.Scope;
        var totals = reader.Totals(from, to, scope, Quantiles);
        var verdicts = totals.Verdicts;

        var h = Layout.Begin("Overview", user, context, "/", settings.RefreshSeconds);
        h.Open("p", ("class", "ranges"));
        foreach (var c in TimeRange.Choices)
        {
            h.Element("a", c.Label, ("href", "/?range=" + c.Key), ("class", c.Key == range.Key ? "current" : null));
        }

        h.Element("span", $"{Format.Time(from)} to {Format.Time(to)}; refreshes every {settings.RefreshSeconds} s", ("class", "muted"));
        h.Close("p");

        var byVerdict = verdicts.GroupBy(v => v.Verdict).Select(g => (Verdict: g.Key, Messages: g.Sum(v => v.Messages), Bytes: g.Sum(v => v.Bytes))).OrderByDescending(v => v.Messages).ToList();
        var total = byVerdict.Sum(v => v.Messages);
        h.Open("section", ("class", "cards"));
        Card(h, "Messages", Format.Number(total));
        foreach (var word in (string[])["virus", "policy", "spam", "clean"])
        {
            Card(h, word, Format.Number(byVerdict.Where(v => v.Verdict == word).Sum(v => v.Messages)), word);
        }

        h.Close("section");

        ScannerTable(h, reader.Scanners(from, to, scope, ScannerQuantiles));

        h.Open("div", ("class", "grid"));
        h.Open("section").Element("h2", "Verdicts");
        h.Open("table").Open("thead").Open("tr").Element("th", "Verdict").Element("th", "Messages").Element("th", "Share").Element("th", "Bytes").Close("tr").Close("thead").Open("tbody");
        foreach (var v in byVerdict)
        {
            h.Open("tr").Open("td").Element("span", v.Verdict, ("class", "verdict " + v.Verdict)).Close("td")
                .Element("td", Format.Number(v.Messages), ("class", "num"))
                .Open("td").Void("meter", ("value", v.Messages.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("max", Math.Max(1, total).ToString(System.Globalization.CultureInfo.InvariantCulture))).Close("meter").Close("td")
                .Element("td", Format.Size(v.Bytes), ("class", "num")).Close("tr");
        }

        if (byVerdict.Count == 0)
        {
            h.Open("tr").Element("td", "No messages in this range.", ("colspan", "4")).Close("tr");
        }

        h.Close("tbody").Close("table").Close("section");

        h.Open("section").Element("h2", "Per node");
        h.Open("table").Open("thead").Open("tr").Element("th", "Node").Element("th", "Messages").Element("th", "Blocked").Close("tr").Close("thead").Open("tbody");
        foreach (var node in verdicts.GroupBy(v => v.Node ?? ""))
        {
            h.Open("tr").Element("td", node.Key).Element("td", Format.Number(node.Sum(v => v.Messages)), ("class", "num"))
                .Element("td", Format.Number(node.Where(v => v.Verdict is not "clean" and not "spam").Sum(v => v.Messages)), ("class", "num")).Close("tr");
        }

        h.Close("tbody").Close("table").Close("section");

        Top(h, "Top viruses", reader.TopRules("virus", from, to, scope, 10));
        Top(h, "Top blocked attachment names", reader.TopBlockedNames(from, to, scope, 10));
        Top(h, "Viruses by scanner", reader.VirusesByScanner(from, to, scope));

        var latency = totals.Latency;
        h.Open("section").Element("h2", "Judging time");
        if (latency.Count == 0)
        {
            h.Element("p", "No messages in this range.", ("class", "muted"));
        }
        else
        {
            h.Open("table").Open("tbody");
            string[] names = ["median", "90th percentile", "99th percentile", "longest"];
            for (var i = 0; i < latency.Count; i++)
            {
                h.Open("tr").Element("td", names[i]).Element("td", Format.Ms(latency[i]), ("class", "num")).Close("tr");
            }

            h.Close("tbody").Close("table");
        }

        h.Close("section");

        var quarantine = context.RequestServices.GetRequiredService<QuarantineService>().List(user).Select(e => e.Record).ToList();
        h.Open("section").Element("h2", "Quarantine");
        h.Open("table").Open("thead").Open("tr").Element("th", "Folder").Element("th", "Waiting").Element("th", "Released").Close("tr").Close("thead").Open("tbody");
        foreach (var folder in quarantine.GroupBy(q => q.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            h.Open("tr").Open("td").Link("/quarantine?folder=" + Uri.EscapeDataString(folder.Key), folder.Key).Close("td")
                .Element("td", Format.Number(folder.Count(q => !q.Released)), ("class", "num"))
                .Element("td", Format.Number(folder.Count(q => q.Released)), ("class", "num")).Close("tr");
        }

        h.Close("tbody").Close("table").Close("section");
        h.Close("div");
        return Layout.End(h);
    }

    /// <summary>
    /// Each scanner per node: answering or failing (its last run had no answer), how its runs
    /// ended, and its time over the runs that answered.
    /// </summary>
    private static void ScannerTable(HtmlWriter h, IReadOnlyList<ScannerHealth> scanners)
    {
        h.Open("section", ("class", "scanners")).Element("h2", "Scanners");
        if (scanners.Count == 0)
        {
            h.Element("p", "No scanner ran in this range.", ("class", "muted"));
            h.Close("section");
            return;
        }

        h.Open("table").Open("thead").Open("tr");
        foreach (var title in (string[])["Node", "Scanner", "Health", "Runs", "Found", "Errors", "Timeouts", "Median", "90th", "99th", "Last run"])
        {
            h.Element("th", title);
        }

        h.Close("tr").Close("thead").Open("tbody");
        foreach (var s in scanners)
        {
            var health = s.Failing ? $"failing ({s.LastResult})" : "answering";
            h.Open("tr").Element("td", s.Node).Element("td", s.Scanner, ("class", "name"))
                .Open("td").Element("span", health, ("class", "verdict " + (s.Failing ? "error" : "clean"))).Close("td")
                .Element("td", Format.Number(s.Runs), ("class", "num"))
                .Element("td", Format.Number(s.Found), ("class", "num"))
                .Element("td", Format.Number(s.Errors), ("class", "num"))
                .Element("td", Format.Number(s.Timeouts), ("class", "num"));
            for (var i = 0; i < ScannerQuantiles.Length; i++)
            {
                h.Element("td", i < s.Latency.Count ? Format.Ms(s.Latency[i]) : "-", ("class", "num"));
            }

            var last = Format.Time(s.LastRun) + (s.LastFailure is { } failed && !s.Failing ? "; last failure " + Format.Time(failed) : "");
            h.Element("td", last, ("class", "nowrap")).Close("tr");
        }

        h.Close("tbody").Close("table").Close("section");
    }

    private static void Card(HtmlWriter h, string label, string value, string? verdict = null) =>
        h.Open("div", ("class", "card" + (verdict is null ? "" : " " + verdict))).Element("span", label, ("class", "label")).Element("span", value, ("class", "value")).Close("div");

    private static void Top(HtmlWriter h, string title, IReadOnlyList<Ranked> list)
    {
        h.Open("section").Element("h2", title);
        if (list.Count == 0)
        {
            h.Element("p", "None in this range.", ("class", "muted"));
        }
        else
        {
            var max = list.Max(r => r.Messages);
            h.Open("table").Open("tbody");
            foreach (var r in list)
            {
                h.Open("tr").Element("td", r.Key, ("class", "name")).Element("td", Format.Number(r.Messages), ("class", "num"))
                    .Open("td").Void("meter", ("value", r.Messages.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("max", max.ToString(System.Globalization.CultureInfo.InvariantCulture))).Close("meter").Close("td").Close("tr");
            }

            h.Close("tbody").Close("table");
        }

        h.Close("section");
    }
}
