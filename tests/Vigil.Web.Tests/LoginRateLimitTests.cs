using System.Net;
using System.Text.RegularExpressions;

namespace Vigil.Web.Tests;

/// <summary>The login rate limit over HTTP, on a dashboard of its own (its count is per client address).</summary>
public sealed partial class LoginRateLimitTests
{
    [Fact]
    public async Task AfterTheAllowedFailuresEvenTheRightPasswordIsRefusedWith429()
    {
        await using var site = new DashboardSite(withClamd: false);
        site.AddUser("admin", "admin");
        await site.StartAsync(loginFailures: 3);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = site.Address };

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LogIn(http, "admin", "wrong password")).StatusCode);
        }

        var refused = await LogIn(http, "admin", DashboardSite.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many failed logins", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("vigil_web_logins_total{result=\"throttled\"} 1\n", await http.GetStringAsync("metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRightPasswordSignsInAndAWrongOneSaysSoWithoutSayingWhichWasWrong()
    {
        await using var site = new DashboardSite(withClamd: false);
        site.AddUser("admin", "admin");
        await site.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = site.Address };

        var unknown = await LogIn(http, "nobody", DashboardSite.Password);
        var wrong = await LogIn(http, "admin", "wrong password");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("Wrong name or password.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Wrong name or password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await LogIn(http, "admin", DashboardSite.Password);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var cookie = ok.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vigil.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h1>Overview</h1>", await http.GetStringAsync("/"), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> LogIn(HttpClient http, string name, string password)
    {
        var form = await http.GetStringAsync("login");
        var token = TokenPattern().Match(form).Groups[1].Value;
        return await http.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string> { ["__token"] = token, ["name"] = name, ["password"] = password }));
    }

    [GeneratedRegex("name=\"__token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
