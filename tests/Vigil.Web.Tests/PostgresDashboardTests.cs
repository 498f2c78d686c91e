using System.Net;
using Vigil.Testing;

namespace Vigil.Web.Tests;

/// <summary>
/// The dashboard over a real PostgreSQL store (a private cluster started by the test): users
/// added with the real `vigil user add --store postgres://…`, mail through the real `vigil
/// deliver` writing the same database, and the pages, /metrics and /healthz reading it.
/// </summary>
public sealed class PostgresDashboardTests : IDisposable
{
    private readonly PrivatePostgres _postgres = new();

    [Fact]
    public async Task TheLogOverviewAndScopeReadPostgresAsTheyReadSqlite()
    {
        await using var site = new DashboardSite(withClamd: false, store: _postgres.Url, node: "pg-node-a");
        Assert.Equal(0, VigilProcess.Run(["store", "migrate", "--store", _postgres.Url]).ExitCode);
        site.AddUser("Admin", "admin");
        site.AddUser("netreviewer", "reviewer", "example.net");
        Assert.Equal(99, site.Deliver(MailSamples.BannedExe("alice@example.org", "Quarterly Update 100%_done", "pg-marker"), "alice@example.org", "Bob@Example.NET"));
        Assert.Equal(0, site.Deliver("From: friend@example.org\nSubject: lunch in pg\nMessage-ID: <pg-lunch@example.org>\n\nat noon?\n", "friend@example.org", "carol@example.com"));
        await site.StartAsync();

        var users = VigilProcess.Run(["user", "list", "--store", _postgres.Url]);
        Assert.Equal("Admin\tadmin\t\nnetreviewer\treviewer\texample.net\n", users.Stdout);

        // The name is found whatever its case, as in SQLite.
        using var admin = await DashboardClient.SignInAsync(site.Address, "admin", DashboardSite.Password);
        var (status, bySubject) = await admin.GetAsync("/messages?subject=" + Uri.EscapeDataString("quarterly update 100%_"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Quarterly Update 100%_done", bySubject, StringComparison.Ordinal);
        Assert.Contains("pg-node-a", bySubject, StringComparison.Ordinal);
        Assert.DoesNotContain("lunch in pg", bySubject, StringComparison.Ordinal);
        var (_, byAddress) = await admin.GetAsync("/messages?address=bob@example.net");
        Assert.Contains("Quarterly Update", byAddress, StringComparison.Ordinal);
        var (_, byId) = await admin.GetAsync("/messages?id=pg-lunch@example.org");
        Assert.Contains("lunch in pg", byId, StringComparison.Ordinal);
        Assert.Contains("1 rows.", (await admin.GetAsync("/messages?subject=100%25_done&verdict=policy")).Html, StringComparison.Ordinal);
        Assert.Contains("0 rows.", (await admin.GetAsync("/messages?subject=100%25x")).Html, StringComparison.Ordinal);

        var (_, overview) = await admin.GetAsync("/");
        Assert.Contains("<td>pg-node-a</td>", overview, StringComparison.Ordinal);
        Assert.Contains("update.exe", overview, StringComparison.Ordinal);

        using var reviewer = await DashboardClient.SignInAsync(site.Address, "netreviewer", DashboardSite.Password);
        var (_, seen) = await reviewer.GetAsync("/messages");
        Assert.Contains("Quarterly Update", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("lunch in pg", seen, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = site.Address };
        Assert.Equal("ok\n", await http.GetStringAsync("/healthz"));
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("vigil_store_messages_24h{node=\"pg-node-a\",verdict=\"policy\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_store_up 1\n", metrics, StringComparison.Ordinal);
    }

    public void Dispose() => _postgres.Dispose();
}
