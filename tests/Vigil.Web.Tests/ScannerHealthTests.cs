using System.Text.RegularExpressions;
using Vigil.Testing;

namespace Vigil.Web.Tests;

/// <summary>
/// The overview's scanner table over what the real doors stored: a real clamd answers, finds
/// EICAR, then is stopped and the next mail is deferred; the table shows the runs, the find, the
/// error and the scanner as failing, from SQLite and from a real PostgreSQL alike.
/// </summary>
public sealed partial class ScannerHealthTests : IDisposable
{
    private readonly PrivatePostgres _postgres = new();

    [Fact]
    public Task TheOverviewShowsClamdAnsweringThenFailingFromSqlite() => ShowsClamdAnsweringThenFailingAsync(null, "lite-node");

    [Fact]
    public Task TheOverviewShowsClamdAnsweringThenFailingFromPostgres() => ShowsClamdAnsweringThenFailingAsync(_postgres.Url, "pg-node");

    public void Dispose() => _postgres.Dispose();

    private static async Task ShowsClamdAnsweringThenFailingAsync(string? store, string node)
    {
        await using var site = new DashboardSite(withClamd: true, store: store, node: node);
        if (store is not null)
        {
            Assert.Equal(0, VigilProcess.Run(["store", "migrate", "--store", store]).ExitCode);
        }

        site.AddUser("admin", "admin");
        Assert.Equal(0, site.Deliver("From: a@example.org\nSubject: hello\n\nplain text\n", "a@example.org", "b@example.net"));
        Assert.Equal(99, site.Deliver(MailSamples.Eicar("worm@example.org", "invoice"), "worm@example.org", "b@example.net"));
        await site.StartAsync();
        using var admin = await DashboardClient.SignInAsync(site.Address, "admin", DashboardSite.Password);

        var answering = ClamdRow(await OverviewAsync(admin), node);
        Assert.Equal(("answering", 2, 1, 0, 0), (answering.Health, answering.Runs, answering.Found, answering.Errors, answering.Timeouts));
        Assert.Matches(MsCell(), answering.Median);

        site.StopClamd();
        var deferred = site.DeliverResult("From: a@example.org\nSubject: while clamd is down\n\ntext\n", "a@example.org", "b@example.net");
        Assert.True(deferred.ExitCode == 111, deferred.Stderr);

        var failing = ClamdRow(await OverviewAsync(admin), node);
        Assert.Equal(("failing (error)", 3, 1, 1, 0), (failing.Health, failing.Runs, failing.Found, failing.Errors, failing.Timeouts));
        // The time is of the runs that answered: the outage does not make clamd look fast.
        Assert.Equal(answering.Median, failing.Median);
    }

    private static async Task<string> OverviewAsync(DashboardClient admin)
    {
        var (_, html) = await admin.GetAsync("/");
        var start = html.IndexOf("<section class=\"scanners\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no scanner section on the overview");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static (string Health, int Runs, int Found, int Errors, int Timeouts, string Median) ClamdRow(string section, string node)
    {
        var m = Row().Match(section);
        Assert.True(m.Success, section);
        Assert.Equal(node, m.Groups["node"].Value);
        Assert.StartsWith("clamd ", m.Groups["name"].Value, StringComparison.Ordinal);
        int N(string g) => int.Parse(m.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (m.Groups["health"].Value, N("runs"), N("found"), N("errors"), N("timeouts"), m.Groups["median"].Value);
    }

    [GeneratedRegex("<tr><td>(?<node>[^<]*)</td><td class=\"name\">(?<name>[^<]*)</td><td><span class=\"verdict [a-z]+\">(?<health>[^<]*)</span></td><td class=\"num\">(?<runs>\\d+)</td><td class=\"num\">(?<found>\\d+)</td><td class=\"num\">(?<errors>\\d+)</td><td class=\"num\">(?<timeouts>\\d+)</td><td class=\"num\">(?<median>[^<]*)</td>")]
    private static partial Regex Row();

    [GeneratedRegex("^[0-9.]+ ms$")]
    private static partial Regex MsCell();
}
