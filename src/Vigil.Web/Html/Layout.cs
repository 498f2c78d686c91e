using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Vigil.Web.Users;

namespace Vigil.Web.Html;

/// <summary>The frame of every page: head (the one style sheet, no script), the navigation for a signed-in user, and the sign-out form.</summary>
public static class Layout
{
    public const string ContentType = "text/html; charset=utf-8";

    public static HtmlWriter Begin(string title, WebUser? user, HttpContext context, string current, int refreshSeconds = 0)
    {
        var h = new HtmlWriter();
        h.Void("!DOCTYPE", ("html", ""));
        h.Open("html", ("lang", "en")).Open("head");
        h.Void("meta", ("charset", "utf-8"));
        h.Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"));
        if (refreshSeconds > 0)
        {
            h.Void("meta", ("http-equiv", "refresh"), ("content", refreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        h.Element("title", title + " · Vigil");
        h.Void("link", ("rel", "stylesheet"), ("href", "/static/vigil.css"));
        h.Close("head").Open("body");
        h.Open("header", ("class", "top")).Element("span", "Vigil", ("class", "brand"));
        if (user is not null)
        {
            h.Open("nav");
            foreach (var (href, label) in new[] { ("/", "Overview"), ("/messages", "Message log"), ("/quarantine", "Quarantine") })
            {
                h.Element("a", label, ("href", href), ("class", current == href ? "current" : null));
            }

            h.Close("nav");
            h.Open("form", ("method", "post"), ("action", "/logout"), ("class", "who"));
            Token(h, context);
            h.Element("span", user.Name + " (" + user.Role + (user.IsAdmin ? "" : ": " + string.Join(", ", user.Domains)) + ")");
            h.Element("button", "Sign out", ("type", "submit"));
            h.Close("form");
        }

        h.Close("header").Open("main");
        h.Element("h1", title);
        return h;
    }

    public static IResult End(HtmlWriter h, int status = StatusCodes.Status200OK)
    {
        h.Close("main").Close("body").Close("html");
        return Results.Content(h.ToString(), ContentType, null, status);
    }

    /// <summary>The antiforgery token of this request as a hidden field: every form has one.</summary>
    public static void Token(HtmlWriter h, HttpContext context)
    {
        var tokens = context.RequestServices.GetService(typeof(IAntiforgery)) is IAntiforgery a ? a.GetAndStoreTokens(context) : null;
        if (tokens?.RequestToken is { } token)
        {
            h.Void("input", ("type", "hidden"), ("name", tokens.FormFieldName), ("value", token));
        }
    }

    /// <summary>A whole page with one message (errors, refusals).</summary>
    public static IResult Message(string title, string text, WebUser? user, HttpContext context, int status)
    {
        var h = Begin(title, user, context, "");
        h.Element("p", text, ("class", status >= 400 ? "error" : "note"));
        return End(h, status);
    }
}
