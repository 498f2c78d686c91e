using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Hosting;
using Vigil.Web.Html;
using Vigil.Web.Security;
using Vigil.Web.Users;

namespace Vigil.Web.Pages;

/// <summary>/login (form and check, rate limited) and /logout.</summary>
public static class LoginPage
{
    public static IResult Show(HttpContext context) => Page(context, null, StatusCodes.Status200OK);

    public static async Task<IResult> PostAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!await Session.ValidFormAsync(context).ConfigureAwait(false))
        {
            return Page(context, "The form had no valid token; reload the page and try again.", StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var name = form["name"].ToString().Trim();
        var password = form["password"].ToString();
        var ip = Session.ClientIp(context);
        var throttle = context.RequestServices.GetRequiredService<LoginThrottle>();
        var metrics = context.RequestServices.GetRequiredService<WebMetrics>();
        var wait = throttle.Wait(ip, name);
        if (wait > TimeSpan.Zero)
        {
            metrics.Throttled();
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Page(context, $"Too many failed logins; try again in {seconds} seconds.", StatusCodes.Status429TooManyRequests);
        }

        var user = name.Length is > 0 and <= 64 && password.Length <= 1024 ? context.RequestServices.GetRequiredService<UserStore>().Check(name, password) : null;
        metrics.Login(user is not null);
        if (user is null)
        {
            throttle.Failed(ip, name);
            return Page(context, "Wrong name or password.", StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(name);
        await Session.SignInAsync(context, user).ConfigureAwait(false);
        return Results.Redirect(user.IsAdmin ? "/" : "/quarantine");
    }

    public static async Task<IResult> LogoutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!await Session.ValidFormAsync(context).ConfigureAwait(false))
        {
            return Layout.Message("Sign out", "The form had no valid token.", null, context, StatusCodes.Status400BadRequest);
        }

        await context.SignOutAsync(Session.Scheme).ConfigureAwait(false);
        return Results.Redirect("/login");
    }

    private static IResult Page(HttpContext context, string? error, int status)
    {
        var h = Layout.Begin("Sign in", null, context, "/login");
        if (error is not null)
        {
            h.Element("p", error, ("class", "error"), ("role", "alert"));
        }

        h.Open("form", ("method", "post"), ("action", "/login"), ("class", "login"));
        Layout.Token(h, context);
        h.Open("label").Text("Name").Void("input", ("name", "name"), ("autocomplete", "username"), ("required", ""), ("maxlength", "64")).Close("label");
        h.Open("label").Text("Password").Void("input", ("name", "password"), ("type", "password"), ("autocomplete", "current-password"), ("required", "")).Close("label");
        h.Element("button", "Sign in", ("type", "submit"));
        h.Close("form");
        return Layout.End(h, status);
    }
}
