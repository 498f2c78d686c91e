namespace Vigil.Web.Tests;

/// <summary>
/// One site for the browser tests: a real clamd, mail put through the real `vigil deliver`, an
/// admin and two reviewers, and headless chromium. Each test works on its own messages, so the
/// order the tests run in does not matter.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string VirusSender = "virus-sender@example.org";

    public DashboardSite Site { get; private set; } = null!;

    public Browser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Site = new DashboardSite(withClamd: true);
        Site.AddUser("admin", "admin");
        Site.AddUser("admin2", "admin");
        Site.AddUser("netreviewer", "reviewer", "example.net");
        Assert.Equal(99, Site.Deliver(MailSamples.Eicar(VirusSender, "invoice attached"), VirusSender, "joe@example.net"));
        Assert.Equal(99, Site.Deliver(MailSamples.BannedExe("alice@example.org", "quarterly update", "release-me-marker"), "alice@example.org", "bob@example.net"));
        Assert.Equal(99, Site.Deliver(MailSamples.BannedExe("eve@example.org", "for example.com only", "other-domain-marker"), "eve@example.org", "carol@example.com"));
        Assert.Equal(99, Site.Deliver(MailSamples.BannedExe("mallory@example.org", "<script>alert(1)</script>", "<a href=\"http://evil.test/\">click</a> <img src=x onerror=alert(2)> script-subject-marker"), "mallory@example.org", "joe@example.net"));
        Assert.Equal(99, Site.Deliver(MailSamples.BannedExe("twice@example.org", "released twice?", "concurrent-marker"), "twice@example.org", "dave@example.net"));
        Assert.Equal(99, Site.Deliver(MailSamples.BannedExe("token@example.org", "no token", "token-marker"), "token@example.org", "erin@example.net"));
        Assert.Equal(99, Site.Deliver(MailSamples.BannedExe("hr@example.org", "for someone else", "other-recipient-marker"), "hr@example.org", "frank@example.net"));
        Assert.Equal(99, Site.Deliver(MailSamples.BannedExe("bulk@example.org", "bulk one", "bulk-one-marker"), "bulk@example.org", "joe@example.net"));
        Assert.Equal(99, Site.Deliver(MailSamples.BannedExe("bulk@example.org", "bulk two", "bulk-two-marker"), "bulk@example.org", "joe@example.net"));
        Assert.Equal(0, Site.Deliver("From: friend@example.org\nSubject: lunch\nMessage-ID: <lunch@example.org>\n\nat noon?\n", "friend@example.org", "joe@example.net"));
        await Site.StartAsync();
        Browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Site is not null)
        {
            await Site.DisposeAsync();
        }
    }
}
