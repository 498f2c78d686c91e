using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vigil.Server.Local;
using Vigil.Server.Milter;
using Vigil.Server.Smtp;

namespace Vigil.Server.Hosting;

/// <summary>
/// The one place that lists the daemon's listeners: each endpoint of <see cref="ServeOptions"/>
/// bound to its Kestrel connection handler. A new listener is one option and one line here.
/// </summary>
public static class ServerListeners
{
    public static void Configure(KestrelServerOptions kestrel, ServeOptions options)
    {
        foreach (var endpoint in options.Smtp)
        {
            kestrel.Listen(endpoint, l => l.UseConnectionHandler<SmtpConnectionHandler>());
        }

        foreach (var endpoint in options.Milter)
        {
            kestrel.Listen(endpoint, l => l.UseConnectionHandler<MilterConnectionHandler>());
        }

        if (options.Socket is { } socket)
        {
            kestrel.ListenUnixSocket(socket, l => l.UseConnectionHandler<LocalConnectionHandler>());
        }

        if (options.Web is { } web)
        {
            kestrel.Listen(web); // HTTP: the dashboard ServeHost was given
        }
    }

    /// <summary>Every endpoint with its listener's name, for the start-up log.</summary>
    public static IEnumerable<(string Listener, string Endpoint)> Describe(ServeOptions options) =>
        options.Smtp.Select(e => ("smtp", e.ToString())).Concat(options.Milter.Select(e => ("milter", MilterAddress.Describe(e))))
            .Concat(options.Socket is { } socket ? [("socket", socket)] : [])
            .Concat(options.Web is { } web ? [("web", web.ToString())] : []);
}
