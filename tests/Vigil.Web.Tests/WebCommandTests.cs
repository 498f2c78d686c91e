using System.Diagnostics;
using System.Net;
using Vigil.Testing;

namespace Vigil.Web.Tests;

/// <summary>The real `vigil web` and `vigil user` processes.</summary>
public sealed class WebCommandTests
{
    [Fact]
    public async Task VigilWebServesHealthMetricsAndTheLoginWithItsSecurityHeaders()
    {
        using var dir = new TempDir();
        var store = Path.Combine(dir.Path, "store.db");
        Directory.CreateDirectory(Path.Combine(dir.Path, "quarantine"));
        var port = PeerScript.FreePort();
        using var web = Process.Start(VigilProcess.StartInfo(["web", "--store", "sqlite:" + store, "--quarantine", Path.Combine(dir.Path, "quarantine"), "--sendmail", "smtp:127.0.0.1:25", "--listen", $"127.0.0.1:{port}"]))!;
        try
        {
            // It says where it listens once it does.
            var line = await web.StandardError.ReadLineAsync();
            Assert.Equal($"vigil: dashboard on http://127.0.0.1:{port}/ (store {store}, quarantine {Path.Combine(dir.Path, "quarantine")})", line);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

            var health = await http.GetAsync("healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());

            var metrics = await http.GetAsync("metrics");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType!.ToString());
            var text = await metrics.Content.ReadAsStringAsync();
            Assert.Contains("\nvigil_store_up 1\n", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE vigil_web_logins_total counter\n", text, StringComparison.Ordinal);

            var home = await http.GetAsync("");
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.Equal("/login", home.Headers.Location!.ToString());

            var login = await http.GetAsync("login");
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.StartsWith("default-src 'self'; script-src 'none'", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", login.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", login.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("no-store", login.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("<script", await login.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync();
        }
    }

    [Fact]
    public void VigilWebRefusesAnAddressThatIsNotIpAndPort()
    {
        using var dir = new TempDir();
        var r = VigilProcess.Run(["web", "--store", "sqlite:" + Path.Combine(dir.Path, "store.db"), "--listen", "localhost"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--listen: 'localhost' is not IP:PORT", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UserAddListRemoveKeepOnlyAHashOfThePassword()
    {
        using var dir = new TempDir();
        string[] store = ["--store", "sqlite:" + Path.Combine(dir.Path, "store.db")];

        var added = VigilProcess.Run(["user", "add", "ann", "--role", "reviewer", "--domains", "Example.NET,example.org", .. store], VigilProcess.Bytes("a long password\n"));
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Equal($"added reviewer ann for example.net, example.org in {Path.Combine(dir.Path, "store.db")}\n", added.Stdout);
        var again = VigilProcess.Run(["user", "add", "ann", "--role", "admin", .. store], VigilProcess.Bytes("another password\n"));
        Assert.StartsWith("updated admin ann", again.Stdout, StringComparison.Ordinal);
        Assert.Equal("ann\tadmin\t\n", VigilProcess.Run(["user", "list", .. store]).Stdout);

        var users = new Vigil.Web.Users.UserStore(new Vigil.Web.Users.DashboardDatabase(Path.Combine(dir.Path, "store.db")));
        Assert.NotNull(users.Check("ann", "another password"));
        Assert.Null(users.Check("ann", "a long password"));
        Assert.DoesNotContain("another password", File.ReadAllText(Path.Combine(dir.Path, "store.db")), StringComparison.Ordinal);

        Assert.Equal("removed ann\n", VigilProcess.Run(["user", "remove", "ann", .. store]).Stdout);
        Assert.Equal(1, VigilProcess.Run(["user", "remove", "ann", .. store]).ExitCode);
    }

    [Theory]
    [InlineData("--role", "root", "", "--role: 'root' is not admin or reviewer")]
    [InlineData("--role", "reviewer", "", "a reviewer needs --domains")]
    [InlineData("--domains", "bad_domain!", "--role=reviewer", "--domains: 'bad_domain!' is not a domain")]
    public void UserAddRefusesWhatIsNotAUserWithExit2(string option, string value, string extra, string said)
    {
        using var dir = new TempDir();
        string[] args = ["user", "add", "ann", option, value, .. extra.Length > 0 ? [extra] : Array.Empty<string>(), "--store", "sqlite:" + Path.Combine(dir.Path, "store.db")];
        var r = VigilProcess.Run(args, VigilProcess.Bytes("a long password\n"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(said, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UserAddRefusesAShortPassword()
    {
        using var dir = new TempDir();
        var r = VigilProcess.Run(["user", "add", "ann", "--role", "admin", "--store", "sqlite:" + Path.Combine(dir.Path, "store.db")], VigilProcess.Bytes("short\n"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("at least 8 characters", r.Stderr, StringComparison.Ordinal);
    }
}
