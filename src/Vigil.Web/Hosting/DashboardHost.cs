using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Web.Users;

namespace Vigil.Web.Hosting;

/// <summary>`vigil web`: the dashboard on a Kestrel slim host of its own (Native AOT clean), plain HTTP on <see cref="DashboardSettings.Listen"/>.</summary>
public sealed class DashboardHost : IAsyncDisposable
{
    /// <summary>The largest form post taken (a bulk action names at most 500 ids).</summary>
    public const long MaxRequestBody = 1024 * 1024;

    private readonly WebApplication _app;

    private DashboardHost(WebApplication app) => _app = app;

    /// <summary>The address it listens on, once started (the real port when asked for port 0).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>A host ready to start, or why it cannot (the store cannot be opened or prepared).</summary>
    public static (DashboardHost? Host, string? Error) Build(DashboardSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        if (new DashboardDatabase(settings.Store).Prepare() is { } error)
        {
            return (null, error);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // Keys at rest unencrypted is the choice made (a 0700 directory beside the store): not worth a warning per start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxRequestBody;
            k.Listen(settings.Listen);
        });
        builder.Services.AddDashboard(settings);
        var app = builder.Build();
        app.MapDashboard();
        return (new DashboardHost(app), null);
    }

    public Task StartAsync(CancellationToken ct = default) => _app.StartAsync(ct);

    public async Task RunAsync(CancellationToken ct = default)
    {
        await _app.StartAsync(ct).ConfigureAwait(false);
        await _app.WaitForShutdownAsync(ct).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken ct = default) => _app.StopAsync(ct);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
