using Microsoft.AspNetCore.Http;

namespace Vigil.Web.Security;

/// <summary>
/// The headers every answer carries: a Content-Security-Policy that allows only the dashboard's
/// own style sheet (no script at all, inline or not; no frames; forms only to itself), no MIME
/// sniffing, no referrer, no framing, and no caching of pages that show mail.
/// </summary>
public static class SecurityHeaders
{
    public const string Policy = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; img-src 'self'";

    public static void Add(HttpResponse response)
    {
        var h = response.Headers;
        h.ContentSecurityPolicy = Policy;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        if (!response.HttpContext.Request.Path.StartsWithSegments("/static", StringComparison.Ordinal))
        {
            h.CacheControl = "no-store";
        }
    }
}
