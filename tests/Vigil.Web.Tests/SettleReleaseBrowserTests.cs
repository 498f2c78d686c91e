using System.Diagnostics;
using Microsoft.Playwright;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Store.Location;
using Vigil.Store.Quarantine;
using Vigil.Testing;

namespace Vigil.Web.Tests;

/// <summary>
/// A release whose end is unknown, settled in headless chromium over a real PostgreSQL: a real
/// `vigil quarantine release` is killed while the mail system (a sink that never answers) holds
/// its delivery, which leaves the row 'releasing' as a node dying mid-release does; an admin then
/// marks it released on the message's page, a reviewer of its domain sees the state but not the
/// action (and a post of it is refused), and a post without its token is refused.
/// </summary>
public sealed class SettleReleaseBrowserTests : IAsyncLifetime
{
    private readonly PrivatePostgres _postgres = new();
    private readonly SmtpSink _silent = new() { Silent = true };
    private DashboardSite _site = null!;
    private Browser _browser = null!;

    public async Task InitializeAsync()
    {
        Assert.Equal(0, VigilProcess.Run(["store", "migrate", "--store", _postgres.Url]).ExitCode);
        _site = new DashboardSite(withClamd: false, store: _postgres.Url, node: "node-a");
        _site.AddUser("admin", "admin");
        _site.AddUser("netreviewer", "reviewer", "example.net");
        await _site.StartAsync();
        _browser = await Browser.LaunchAsync();
    }

    [Fact]
    public async Task AnAdminSettlesAReleasingRowAndAReviewerCannot()
    {
        Assert.Equal(99, _site.Deliver(MailSamples.BannedExe("stuck@example.org", "delivery end unknown", "stuck-marker"), "stuck@example.org", "bob@example.net"));
        var id = _site.QuarantineId("stuck-marker");
        await KillReleaseMidDeliveryAsync(id);
        Assert.Equal(SharedEntry.Releasing, Service().Find(id)!.State);

        // The reviewer sees the state, not the action, and posting it with a good token is refused.
        var reviewer = await LogInAsync("netreviewer");
        await reviewer.GotoAsync(_site.Url("/quarantine/" + id));
        Assert.Contains("releasing (by node node-a", await reviewer.Locator("table.facts").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await reviewer.GetByRole(AriaRole.Button, new() { Name = "Mark released" }).CountAsync());
        Assert.Equal(0, await reviewer.GetByRole(AriaRole.Button, new() { Name = "Back to waiting" }).CountAsync());
        var token = await reviewer.Locator("input[name=__token]").First.GetAttributeAsync("value");
        var byReviewer = await reviewer.APIRequest.PostAsync(_site.Url("/quarantine/action"), new() { Form = Form(reviewer, ("__token", token!), ("id", id), ("action", "mark-released")) });
        Assert.Equal(409, byReviewer.Status);
        Assert.Contains("only an admin may settle", await byReviewer.TextAsync(), StringComparison.Ordinal);

        // The admin's form without its token does nothing.
        var admin = await LogInAsync("admin");
        var untokened = await admin.APIRequest.PostAsync(_site.Url("/quarantine/action"), new() { Form = Form(admin, ("id", id), ("action", "mark-released")) });
        Assert.Equal(400, untokened.Status);
        Assert.Equal(SharedEntry.Releasing, Service().Find(id)!.State);

        await admin.GotoAsync(_site.Url("/quarantine/" + id));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Mark released" }).ClickAsync();

        Assert.Contains("marked released (node node-a)", await admin.Locator("ul.results").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(SharedEntry.Released, Service().Find(id)!.State);
        await admin.GotoAsync(_site.Url("/quarantine/" + id));
        var history = await admin.Locator("main").InnerTextAsync();
        Assert.Contains("mark released", history, StringComparison.Ordinal);
        Assert.Contains("admin", history, StringComparison.Ordinal);
        Assert.Equal(0, await admin.GetByRole(AriaRole.Button, new() { Name = "Mark released" }).CountAsync());
        lock (_site.Sink.Transactions)
        {
            Assert.Empty(_site.Sink.Transactions);   // settling sends nothing
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        await _silent.DisposeAsync();
        _postgres.Dispose();
    }

    /// <summary>Starts `vigil quarantine release` through a sink that never answers and kills it once the row says releasing.</summary>
    private async Task KillReleaseMidDeliveryAsync(string id)
    {
        using var release = Process.Start(VigilProcess.StartInfo(
            ["quarantine", "release", id, "--control", _site.Control, "--sendmail", $"smtp:127.0.0.1:{_silent.Port}"],
            new Dictionary<string, string> { ["VIGIL_NODE"] = "node-a" }))!;
        try
        {
            // A bound for a busy machine, not a timing assertion: the claim is committed before the connection.
            for (var i = 0; i < 600 && Service().Find(id)?.State != SharedEntry.Releasing; i++)
            {
                if (release.HasExited)
                {
                    Assert.Fail("the release ended: " + await release.StandardError.ReadToEndAsync());
                }

                await Task.Delay(100);
            }
        }
        finally
        {
            release.Kill(entireProcessTree: true);
            await release.WaitForExitAsync();
        }
    }

    private ReleaseService Service()
    {
        Assert.True(StoreLocation.TryParse(_postgres.Url, out var location, out var error), error);
        return new ReleaseService(new QuarantineStore(_site.Quarantine), location, "node-a");
    }

    private static IFormData Form(IPage page, params (string Name, string Value)[] fields) => BrowserSession.Form(page, fields);

    private Task<IPage> LogInAsync(string name) => BrowserSession.LogInAsync(_browser, _site, name);
}
