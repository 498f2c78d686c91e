using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Server.Milter;
using Vigil.Testing;

namespace Vigil.Server.Tests.Milter;

/// <summary>
/// Kestrel on a free loopback port with the milter connection handler and a gateway on
/// <see cref="Control"/>: the listener as `vigil serve --milter` runs it, without the rest of the host.
/// </summary>
public sealed class MilterTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MilterTestHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MilterTestHost> StartAsync(string? controlDirectory, MilterLimits? limits = null)
    {
        var build = MailGateway.Create(new GatewaySettings { ControlDirectory = controlDirectory });
        var gateway = build.Gateway ?? throw new InvalidOperationException(string.Join("; ", build.Errors));
        var port = PeerScript.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(gateway);
        builder.Services.AddSingleton(limits ?? new MilterLimits());
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseConnectionHandler<MilterConnectionHandler>()));
        var app = builder.Build();
        await app.StartAsync();
        return new MilterTestHost(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
