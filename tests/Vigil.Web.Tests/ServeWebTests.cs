using System.Diagnostics;
using System.Net;
using Vigil.Testing;

namespace Vigil.Web.Tests;

/// <summary>The dashboard mounted in the real `vigil serve` (--web, or web= in the control directory's serve file).</summary>
public sealed class ServeWebTests
{
    [Fact]
    public async Task ServeWithWebInItsServeFileServesTheDashboardAndReleasesFromIt()
    {
        await using var site = new DashboardSite(withClamd: false);
        site.AddUser("admin", "admin");
        Assert.Equal(99, site.Deliver(MailSamples.BannedExe("serve@example.org", "through serve", "serve-web-marker"), "serve@example.org", "gina@example.net"));
        var id = site.QuarantineId("serve-web-marker");
        var port = PeerScript.FreePort();
        File.WriteAllText(Path.Combine(site.Control, "serve"), $"web=127.0.0.1:{port}\n");

        await RunServeAsync(["serve", "--control", site.Control], port, async address =>
        {
            using var admin = await DashboardClient.SignInAsync(address, "admin", DashboardSite.Password);
            var (status, list) = await admin.GetAsync("/quarantine");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("through serve", list, StringComparison.Ordinal);
            var (done, page) = await admin.PostFormAsync("/quarantine/" + id, "/quarantine/action", [("id", id), ("action", "release")]);
            Assert.Equal(HttpStatusCode.OK, done);
            Assert.Contains("released to gina@example.net", page, StringComparison.Ordinal);
            lock (site.Sink.Transactions)
            {
                Assert.Contains("serve-web-marker", Assert.Single(site.Sink.Transactions).Data, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task ServeWebFlagListensThereWithTheDashboardsHeaders()
    {
        await using var site = new DashboardSite(withClamd: false);
        Directory.CreateDirectory(site.Quarantine);
        var port = PeerScript.FreePort();
        await RunServeAsync(["serve", "--control", site.Control, "--web", $"127.0.0.1:{port}"], port, async address =>
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
            var login = await http.GetAsync("/login");
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.StartsWith("default-src 'self'; script-src 'none'", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.False(login.Headers.Contains("Server"));
            Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/")).StatusCode);
        });
    }

    /// <summary>Starts `vigil serve`, waits until /healthz answers, runs <paramref name="test"/>, then stops it with SIGTERM and expects exit 0.</summary>
    private static async Task RunServeAsync(string[] args, int port, Func<Uri, Task> test)
    {
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var serve = Process.Start(VigilProcess.StartInfo(args))!;
        var stderr = serve.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            for (var tries = 0; ; tries++)
            {
                try
                {
                    if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (tries < 600 && !serve.HasExited)
                {
                }

                Assert.False(serve.HasExited, "serve ended: " + (serve.HasExited ? await stderr : ""));
                await Task.Delay(100);
            }

            await test(address);
        }
        finally
        {
            if (!serve.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }

            await serve.WaitForExitAsync();
        }

        Assert.True(serve.ExitCode == 0, await stderr);
    }
}
