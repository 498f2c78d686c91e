using Microsoft.Playwright;

namespace Vigil.Web.Tests;

/// <summary>What the browser tests do in every session: sign in as a dashboard user, post a form.</summary>
internal static class BrowserSession
{
    /// <summary>A fresh browser context signed in to <paramref name="site"/> as <paramref name="name"/> (the site's one password), on the page after the login.</summary>
    public static async Task<IPage> LogInAsync(Browser browser, DashboardSite site, string name)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.Url("/login"));
        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=password]").FillAsync(DashboardSite.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("header nav").WaitForAsync();
        return page;
    }

    /// <summary>Form fields for a post made outside the page's own forms (a missing token, another user's action).</summary>
    public static IFormData Form(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Append(name, value);
        }

        return form;
    }
}
