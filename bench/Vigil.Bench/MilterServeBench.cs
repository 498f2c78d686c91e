using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Server.Milter;

namespace Vigil.Bench;

/// <summary>
/// `milter-serve PORT [--control DIR] [--seconds N]`: the milter listener on 127.0.0.1:PORT (Kestrel,
/// one engine) for N seconds (default 120), for a Postfix with `smtpd_milters` and smtp-source to
/// drive (bench/milter.sh): until `vigil serve` exists, the same handler the tests run.
/// </summary>
internal static class MilterServeBench
{
    public static async Task<int> RunAsync(string[] args, int seconds)
    {
        var port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var control = Option(args, "--control");
        var build = MailGateway.Create(new GatewaySettings { ControlDirectory = control });
        if (build.Gateway is not { } gateway)
        {
            Console.Error.WriteLine(string.Join("; ", build.Errors));
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(gateway);
        builder.Services.AddSingleton(new MilterLimits());
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseConnectionHandler<MilterConnectionHandler>()));
        await using var app = builder.Build();
        await app.StartAsync();
        Console.Out.WriteLine($"milter listening on 127.0.0.1:{port} for {seconds} s");
        // SIGTERM stops the host (bench/milter.sh ends it that way), or the time runs out.
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), app.Lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync();
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
