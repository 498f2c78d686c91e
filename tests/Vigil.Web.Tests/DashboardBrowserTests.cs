using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Vigil.Web.Tests;

/// <summary>The dashboard in headless chromium, over mail the real doors and clamd quarantined.</summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private DashboardSite Site => fixture.Site;

    [Fact]
    public async Task AnAdminLogsInAndFindsTheQuarantinedEicarMailBySender()
    {
        var page = await LogInAsync("admin");
        Assert.Equal(Site.Url("/"), page.Url);
        Assert.Equal("Overview", await page.Locator("h1").TextContentAsync());
        // clamd found it: the overview counts it under that scanner.
        var byScanner = await page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Viruses by scanner" }) }).InnerTextAsync();
        Assert.Matches("clamd\\s+1", byScanner);

        await page.GetByRole(AriaRole.Link, new() { Name = "Quarantine", Exact = true }).First.ClickAsync();
        await page.Locator("input[name=q]").FillAsync(DashboardFixture.VirusSender);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        var rows = page.Locator("table.log tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        var row = await rows.First.InnerTextAsync();
        Assert.Contains(DashboardFixture.VirusSender, row, StringComparison.Ordinal);
        Assert.Contains("virus", row, StringComparison.Ordinal);
        Assert.Contains("Eicar", row, StringComparison.OrdinalIgnoreCase);

        // The message log finds the same mail by its sender, with clamd's finding and the MIME tree on its page.
        await page.GotoAsync(Site.Url("/messages?address=" + Uri.EscapeDataString(DashboardFixture.VirusSender)));
        Assert.Equal(1, await page.Locator("table.log tbody tr").CountAsync());
        await page.Locator("table.log tbody tr a").First.ClickAsync();
        Assert.Contains("Eicar", await page.Locator("main").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("name \"eicar.com\"", await page.Locator("pre.tree").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasingAPolicyBlockedMailDeliversItToTheSinkAndRecordsWhoDidIt()
    {
        var id = Site.QuarantineId("release-me-marker");
        var page = await LogInAsync("admin");
        await page.GotoAsync(Site.Url("/quarantine?q=alice%40example.org"));
        await page.Locator("table.log tbody tr a").First.ClickAsync();
        Assert.Contains("quarterly update", await page.Locator("table.facts").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync();

        Assert.Contains("released to bob@example.net", await page.Locator("ul.results").InnerTextAsync(), StringComparison.Ordinal);
        var sent = Assert.Single(Sink(), t => t.Data.Contains("release-me-marker", StringComparison.Ordinal));
        Assert.Equal("<alice@example.org>", sent.MailFrom.Split(' ')[0]);
        Assert.Equal(["<bob@example.net>"], sent.RcptTo);
        Assert.DoesNotContain("X-Vigil-", sent.Data, StringComparison.Ordinal);

        // Who and when, in the store; the message's rows say released; the page shows the history.
        using (var db = new SqliteConnection($"Data Source={Site.Store};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = "SELECT user_name, action, outcome FROM web_actions WHERE quarantine_id = $id; ";
            c.Parameters.AddWithValue("$id", id);
            using (var r = c.ExecuteReader())
            {
                Assert.True(r.Read());
                Assert.Equal(("admin", "release", "done"), (r.GetString(0), r.GetString(1), r.GetString(2)));
                Assert.False(r.Read());
            }

            c.CommandText = "SELECT DISTINCT quarantine_state FROM messages WHERE quarantine_id = $id;";
            Assert.Equal("released", c.ExecuteScalar());
        }

        await page.GotoAsync(Site.Url("/quarantine/" + id));
        Assert.Contains("admin", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).CountAsync());
    }

    [Fact]
    public async Task TwoPeopleReleasingOneMessageAtOnceDeliverItOnce()
    {
        var id = Site.QuarantineId("concurrent-marker");
        var first = await LogInAsync("admin");
        var second = await LogInAsync("admin2");
        await first.GotoAsync(Site.Url("/quarantine/" + id));
        await second.GotoAsync(Site.Url("/quarantine/" + id));

        await Task.WhenAll(
            first.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync(),
            second.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync());
        await first.Locator("ul.results").WaitForAsync();
        await second.Locator("ul.results").WaitForAsync();

        var said = new[] { await first.Locator("ul.results").InnerTextAsync(), await second.Locator("ul.results").InnerTextAsync() };
        Assert.Single(said, s => s.Contains("released to dave@example.net", StringComparison.Ordinal));
        Assert.Single(said, s => s.Contains("already released", StringComparison.Ordinal));
        Assert.Single(Sink(), t => t.Data.Contains("concurrent-marker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReviewerSeesOnlyTheirDomain()
    {
        var other = Site.QuarantineId("other-domain-marker");
        var page = await LogInAsync("netreviewer");
        Assert.Equal(Site.Url("/quarantine"), page.Url);

        var list = await page.Locator("table.log").InnerTextAsync();
        Assert.Contains("joe@example.net", list, StringComparison.Ordinal);
        Assert.DoesNotContain("carol@example.com", list, StringComparison.Ordinal);
        Assert.DoesNotContain("for example.com only", list, StringComparison.Ordinal);

        var direct = await page.GotoAsync(Site.Url("/quarantine/" + other));
        Assert.Equal(404, direct!.Status);
        Assert.DoesNotContain("other-domain-marker", await page.ContentAsync(), StringComparison.Ordinal);

        await page.GotoAsync(Site.Url("/messages?address=carol%40example.com"));
        Assert.Equal(0, await page.Locator("table.log tbody tr").CountAsync());
        await page.GotoAsync(Site.Url("/messages"));
        Assert.DoesNotContain("example.com", await page.Locator("table.log").InnerTextAsync(), StringComparison.Ordinal);

        // Nor release it by posting its id: the form's token is right, the message is not theirs.
        await page.GotoAsync(Site.Url("/quarantine"));
        var token = await page.Locator("input[name=__token]").First.GetAttributeAsync("value");
        var post = await page.APIRequest.PostAsync(Site.Url("/quarantine/action"), new() { Form = Form(page, ("__token", token!), ("id", other), ("action", "release")) });
        Assert.Equal(409, post.Status);
        Assert.Contains("no such quarantined message", await post.TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Sink(), t => t.Data.Contains("other-domain-marker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFormPostedWithoutItsTokenIsRefusedAndDoesNothing()
    {
        var id = Site.QuarantineId("token-marker");
        var page = await LogInAsync("admin");

        var post = await page.APIRequest.PostAsync(Site.Url("/quarantine/action"), new() { Form = Form(page, ("id", id), ("action", "delete")) });
        Assert.Equal(400, post.Status);
        Assert.Contains("no valid token", await post.TextAsync(), StringComparison.Ordinal);

        var forged = await page.APIRequest.PostAsync(Site.Url("/quarantine/action"), new() { Form = Form(page, ("__token", "forged"), ("id", id), ("action", "release")) });
        Assert.Equal(400, forged.Status);

        var still = await page.GotoAsync(Site.Url("/quarantine/" + id));
        Assert.Equal(200, still!.Status);
        Assert.DoesNotContain(Sink(), t => t.Data.Contains("token-marker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASubjectThatIsAScriptRendersAsTextAndNothingOfTheMailRuns()
    {
        var id = Site.QuarantineId("script-subject-marker");
        var page = await LogInAsync("admin");
        var dialogs = 0;
        page.Dialog += (_, d) =>
        {
            dialogs++;
            _ = d.DismissAsync();
        };

        await page.GotoAsync(Site.Url("/quarantine?q=mallory"));
        Assert.Equal("<script>alert(1)</script>", await page.Locator("table.log tbody tr td.subject").First.TextContentAsync());
        await page.GotoAsync(Site.Url("/quarantine/" + id));
        await page.GotoAsync(Site.Url("/messages?address=mallory%40example.org"));

        Assert.Equal(0, dialogs);
        await page.GotoAsync(Site.Url("/quarantine/" + id));
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Equal(0, await page.Locator("pre.mail a").CountAsync());
        Assert.Contains("<a href=\"http://evil.test/\">click</a>", await page.Locator("pre.mail").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", await page.Locator("table.facts").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task AMessageCanBeReleasedToOtherRecipientsButAReviewerOnlyToTheirDomains()
    {
        var id = Site.QuarantineId("other-recipient-marker");
        var reviewer = await LogInAsync("netreviewer");
        await reviewer.GotoAsync(Site.Url("/quarantine/" + id));
        await reviewer.Locator("form.release input[name=to]").FillAsync("grace@example.com");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync();
        Assert.Contains("grace@example.com is not in your domains", await reviewer.Locator("ul.results").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Sink(), t => t.Data.Contains("other-recipient-marker", StringComparison.Ordinal));

        var admin = await LogInAsync("admin");
        await admin.GotoAsync(Site.Url("/quarantine/" + id));
        await admin.Locator("form.release input[name=to]").FillAsync("grace@example.com, heidi@example.net");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync();

        Assert.Contains("released to grace@example.com, heidi@example.net", await admin.Locator("ul.results").InnerTextAsync(), StringComparison.Ordinal);
        var sent = Assert.Single(Sink(), t => t.Data.Contains("other-recipient-marker", StringComparison.Ordinal));
        Assert.Equal(["<grace@example.com>", "<heidi@example.net>"], sent.RcptTo);
        await admin.GotoAsync(Site.Url("/quarantine/" + id));
        var history = await admin.Locator("main").InnerTextAsync();
        Assert.Contains("netreviewer", history, StringComparison.Ordinal);
        Assert.Contains("grace@example.com is not in your domains", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectedMessagesAreDeletedAtOnceAndAnAlreadyDeletedOneSaysSo()
    {
        var one = Site.QuarantineId("bulk-one-marker");
        var two = Site.QuarantineId("bulk-two-marker");
        var page = await LogInAsync("admin");
        await page.GotoAsync(Site.Url("/quarantine?q=bulk%40example.org"));
        Assert.Equal(2, await page.Locator("table.log tbody tr").CountAsync());
        var token = await page.Locator("input[name=__token]").First.GetAttributeAsync("value");
        await page.Locator($"input[type=checkbox][value='{one}']").CheckAsync();
        await page.Locator($"input[type=checkbox][value='{two}']").CheckAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" }).ClickAsync();

        var said = await page.Locator("ul.results").InnerTextAsync();
        Assert.Contains(one + ": deleted", said, StringComparison.Ordinal);
        Assert.Contains(two + ": deleted", said, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Site.QuarantineId("bulk-one-marker"));
        Assert.Throws<InvalidOperationException>(() => Site.QuarantineId("bulk-two-marker"));

        var again = await page.APIRequest.PostAsync(Site.Url("/quarantine/action"), new() { Form = Form(page, ("__token", token!), ("id", one), ("action", "release")) });
        Assert.Equal(409, again.Status);
        Assert.Contains("no such quarantined message", await again.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScreenshotsOfTheOverviewAndTheQuarantine()
    {
        var page = await LogInAsync("admin");
        // VIGIL_SCREENSHOTS=docs/images writes the pictures the README shows; otherwise a temp dir.
        var dir = Environment.GetEnvironmentVariable("VIGIL_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "vigil-screens-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await page.GotoAsync(Site.Url("/"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "dashboard-overview.png"), FullPage = true });
        await page.GotoAsync(Site.Url("/quarantine"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "dashboard-quarantine.png"), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(dir, "dashboard-overview.png")).Length > 10_000);
        Assert.True(new FileInfo(Path.Combine(dir, "dashboard-quarantine.png")).Length > 10_000);
    }

    private List<Vigil.Testing.SmtpSink.Transaction> Sink()
    {
        lock (Site.Sink.Transactions)
        {
            return [.. Site.Sink.Transactions];
        }
    }

    private static IFormData Form(IPage page, params (string Name, string Value)[] fields) => BrowserSession.Form(page, fields);

    private Task<IPage> LogInAsync(string name) => BrowserSession.LogInAsync(fixture.Browser, Site, name);
}
