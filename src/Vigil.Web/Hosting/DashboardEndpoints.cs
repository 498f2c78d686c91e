using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Pages;
using Vigil.Web.Quarantine;
using Vigil.Web.Security;
using Vigil.Web.Users;

namespace Vigil.Web.Hosting;

/// <summary>
/// The dashboard's services and routes, to add to any ASP.NET Core host: `vigil web` has its own,
/// and `vigil serve` can mount the same with <see cref="AddDashboard"/> and <see cref="MapDashboard"/>.
/// </summary>
public static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, DashboardSettings settings)
    {
        var database = new DashboardDatabase(settings.Store);
        services.AddSingleton(settings);
        services.AddSingleton(database);
        services.AddSingleton(new UserStore(database));
        services.AddSingleton(new ActionLog(database));
        services.AddSingleton<WebMetrics>();
        services.AddSingleton<QuarantineService>();
        services.AddHostedService<QuarantineSyncService>();
        services.AddSingleton(new LoginThrottle(settings.LoginFailures, settings.LoginWindow));
        // The keys that sign the session and antiforgery cookies: beside the store (mode 0700), so
        // a restart keeps everyone signed in and nothing lands in the service user's home.
        var keys = Directory.CreateDirectory(settings.Keys);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        services.AddDataProtection().SetApplicationName("vigil-web").PersistKeysToFileSystem(keys);
        services.AddAuthentication(Session.Scheme).AddCookie(Session.Scheme, o =>
        {
            o.Cookie.Name = "vigil.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/login";
        });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "vigil.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__token";
        });
        return services;
    }

    /// <summary>
    /// The dashboard in another host (`vigil serve --web`): its services, and the HTTP limits and
    /// log filters its own host (<see cref="DashboardHost"/>) sets, which touch only HTTP.
    /// </summary>
    public static IServiceCollection AddMountedDashboard(this IServiceCollection services, DashboardSettings settings)
    {
        services.Configure<KestrelServerOptions>(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = DashboardHost.MaxRequestBody;
        });
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        return services.AddDashboard(settings);
    }

    /// <summary>The middleware (security headers, authentication) and every route.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                SecurityHeaders.Add(context.Response);
                return Task.CompletedTask;
            });
            await next(context).ConfigureAwait(false);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        Map(app);
        return app;
    }

    private static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/static/vigil.css", StaticAssets.StyleSheet);
        routes.MapGet("/healthz", MetricsEndpoint.Health);
        routes.MapGet("/metrics", MetricsEndpoint.Metrics);
        routes.MapGet("/login", LoginPage.Show);
        routes.MapPost("/login", LoginPage.PostAsync);
        routes.MapPost("/logout", LoginPage.LogoutAsync);
        routes.MapGet("/", OverviewPage.Show);
        routes.MapGet("/messages", MessagesPage.Search);
        routes.MapGet("/messages/{key}", MessagesPage.Detail);
        routes.MapGet("/quarantine", QuarantinePage.List);
        routes.MapGet("/quarantine/{id}", QuarantinePage.Detail);
        routes.MapPost("/quarantine/action", QuarantinePage.ActAsync);
    }
}
