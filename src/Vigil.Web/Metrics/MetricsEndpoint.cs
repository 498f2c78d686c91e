using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Store.Reading;
using Vigil.Web.Quarantine;
using Vigil.Web.Users;

namespace Vigil.Web.Hosting;

/// <summary>
/// /metrics in Prometheus's text format (0.0.4), written by hand: the store's messages of the
/// last 24 hours per node and verdict, the quarantine per folder and state, and the dashboard's
/// own counters. /healthz: 200 "ok" when the store can be read, 503 with the reason when not.
/// Neither needs a login (a scraper has none); neither shows an address or a subject.
/// </summary>
public static class MetricsEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IResult Metrics(HttpContext context)
    {
        var sb = new StringBuilder();
        var now = DateTimeOffset.UtcNow;
        try
        {
            var database = context.RequestServices.GetRequiredService<DashboardDatabase>();
            using var connection = database.Open();
            var counts = database.Reader(connection).Verdicts(now.AddHours(-24), now, []);
            Header(sb, "vigil_store_messages_24h", "gauge", "Messages the store recorded in the last 24 hours, by node and verdict.");
            foreach (var c in counts)
            {
                sb.Append("vigil_store_messages_24h{node=\"").Append(Label(c.Node ?? "")).Append("\",verdict=\"").Append(Label(c.Verdict)).Append("\"} ").Append(N(c.Messages)).Append('\n');
            }

            Header(sb, "vigil_store_bytes_24h", "gauge", "Bytes of the messages the store recorded in the last 24 hours, by node and verdict.");
            foreach (var c in counts)
            {
                sb.Append("vigil_store_bytes_24h{node=\"").Append(Label(c.Node ?? "")).Append("\",verdict=\"").Append(Label(c.Verdict)).Append("\"} ").Append(N(c.Bytes)).Append('\n');
            }

            Header(sb, "vigil_store_up", "gauge", "1 when the store could be read.");
            sb.Append("vigil_store_up 1\n");
        }
        catch (System.Data.Common.DbException)
        {
            Header(sb, "vigil_store_up", "gauge", "1 when the store could be read.");
            sb.Append("vigil_store_up 0\n");
        }

        // By the entry's state: the shared quarantine's row (waiting, requested, releasing,
        // released) where there is one, else the file's released flag; a file's flag alone would
        // count a requested or releasing row as waiting.
        var quarantine = context.RequestServices.GetRequiredService<QuarantineService>().List(new WebUser("metrics", WebUser.Admin, []));
        Header(sb, "vigil_quarantine_messages", "gauge", "Messages in the quarantine, by folder and state (waiting, requested, releasing, released).");
        foreach (var g in quarantine.GroupBy(e => (e.Record.Folder, e.State)).OrderBy(g => g.Key.Folder, StringComparer.Ordinal).ThenBy(g => g.Key.State, StringComparer.Ordinal))
        {
            sb.Append("vigil_quarantine_messages{folder=\"").Append(Label(g.Key.Folder)).Append("\",state=\"").Append(g.Key.State).Append("\"} ").Append(N(g.Count())).Append('\n');
        }

        var m = context.RequestServices.GetRequiredService<WebMetrics>();
        Header(sb, "vigil_web_logins_total", "counter", "Dashboard logins since start, by result.");
        sb.Append("vigil_web_logins_total{result=\"ok\"} ").Append(N(m.LoginsOk)).Append('\n');
        sb.Append("vigil_web_logins_total{result=\"failed\"} ").Append(N(m.LoginsFailed)).Append('\n');
        sb.Append("vigil_web_logins_total{result=\"throttled\"} ").Append(N(m.LoginsThrottled)).Append('\n');
        Header(sb, "vigil_web_releases_total", "counter", "Quarantine releases sent through the dashboard since start, by result (release requests apart).");
        sb.Append("vigil_web_releases_total{result=\"done\"} ").Append(N(m.ReleasesDone)).Append('\n');
        sb.Append("vigil_web_releases_total{result=\"refused\"} ").Append(N(m.ReleasesRefused)).Append('\n');
        Header(sb, "vigil_web_release_requests_total", "counter", "Release requests through the dashboard since start (messages only another node holds; that node sends them), by result: made, or refused as already requested.");
        sb.Append("vigil_web_release_requests_total{result=\"made\"} ").Append(N(m.RequestsMade)).Append('\n');
        sb.Append("vigil_web_release_requests_total{result=\"refused\"} ").Append(N(m.RequestsRefused)).Append('\n');
        Header(sb, "vigil_web_deletes_total", "counter", "Quarantine deletes through the dashboard since start, by result.");
        sb.Append("vigil_web_deletes_total{result=\"done\"} ").Append(N(m.DeletesDone)).Append('\n');
        sb.Append("vigil_web_deletes_total{result=\"refused\"} ").Append(N(m.DeletesRefused)).Append('\n');
        Header(sb, "vigil_web_forms_refused_total", "counter", "Form posts refused for a missing or wrong antiforgery token since start.");
        sb.Append("vigil_web_forms_refused_total ").Append(N(m.ForgeryRefused)).Append('\n');
        return Results.Text(sb.ToString(), ContentType);
    }

    public static IResult Health(HttpContext context)
    {
        try
        {
            var database = context.RequestServices.GetRequiredService<DashboardDatabase>();
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM web_users;";
            command.ExecuteScalar();
        }
        catch (System.Data.Common.DbException e)
        {
            return Results.Text("store: " + e.Message + "\n", "text/plain; charset=utf-8", null, StatusCodes.Status503ServiceUnavailable);
        }

        var root = context.RequestServices.GetRequiredService<QuarantineService>().Root;
        return Directory.Exists(root)
            ? Results.Text("ok\n", "text/plain; charset=utf-8")
            : Results.Text("quarantine: no such directory\n", "text/plain; charset=utf-8", null, StatusCodes.Status503ServiceUnavailable);
    }

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A label value: backslash, quote and newline escaped as the format wants.</summary>
    private static string Label(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
