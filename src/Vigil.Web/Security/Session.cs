using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Hosting;
using Vigil.Web.Users;

namespace Vigil.Web.Security;

/// <summary>
/// Who is asking: the cookie names the user, and the user's role and domains are read from
/// `web_users` on every request (a removed user or a changed role counts at once). Every form
/// post is checked against its antiforgery token before anything else happens.
/// </summary>
public static class Session
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static WebUser? User(HttpContext context)
    {
        if (context.User.Identity is not { IsAuthenticated: true, Name: { } name })
        {
            return null;
        }

        return context.RequestServices.GetRequiredService<UserStore>().Find(name);
    }

    public static Task SignInAsync(HttpContext context, WebUser user)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name)], Scheme);
        return context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    /// <summary>True when the form's token is right; false (and counted) when it is missing or wrong.</summary>
    public static async Task<bool> ValidFormAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            context.RequestServices.GetRequiredService<WebMetrics>().Forgery();
            return false;
        }
    }

    public static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "";
}
