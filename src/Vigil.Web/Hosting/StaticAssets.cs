using Microsoft.AspNetCore.Http;

namespace Vigil.Web.Hosting;

/// <summary>The style sheet, embedded in the assembly (no files beside the binary, nothing from a CDN).</summary>
public static class StaticAssets
{
    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream("vigil.css") ?? throw new InvalidOperationException("vigil.css is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IResult StyleSheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(Css.Value, "text/css; charset=utf-8");
    }
}
