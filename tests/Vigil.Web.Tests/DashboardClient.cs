using System.Net;
using System.Text.RegularExpressions;

namespace Vigil.Web.Tests;

/// <summary>
/// A signed-in user of a dashboard over plain HTTP (no browser): its own cookies, and each form
/// posted with the antiforgery token of the page the form is on, as a browser would send it.
/// </summary>
public sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _http;

    private DashboardClient(Uri address)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };
    }

    public static async Task<DashboardClient> SignInAsync(Uri address, string name, string password)
    {
        var client = new DashboardClient(address);
        var (status, _) = await client.PostFormAsync("/login", "/login", [("name", name), ("password", password)]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        return client;
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Reads <paramref name="page"/> for its token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<(HttpStatusCode Status, string Html)> PostFormAsync(string page, string action, IEnumerable<(string Name, string Value)> fields)
    {
        var (_, html) = await GetAsync(page);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, "no token on " + page);
        var form = new List<KeyValuePair<string, string>>([new("__token", WebUtility.HtmlDecode(token.Groups[1].Value))]);
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        using var response = await _http.PostAsync(action, new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
