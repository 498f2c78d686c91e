using System.Net;
using Vigil.Engine.Gateway;
using Vigil.Server.Hosting;
using Vigil.Server.Relay;
using Vigil.Server.Smtp;
using Microsoft.Extensions.Logging;
using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// The whole `vigil serve` host (<see cref="ServeHost"/>: Kestrel, the SMTP connection handler,
/// one gateway, reload) on a free loopback port, its log captured: the listener as the daemon runs
/// it, in the test's process.
/// </summary>
public sealed class SmtpTestHost : IAsyncDisposable
{
    private readonly ServeHost _host;
    private int _disposed;

    private SmtpTestHost(ServeHost host, int port, LogCapture log)
    {
        _host = host;
        Port = port;
        Log = log;
    }

    public int Port { get; }

    public LogCapture Log { get; }

    public ServerConfigurationSource Configuration => _host.Configuration;

    /// <param name="configure">Changes to the options beyond these (relay pool, quarantine reply...).</param>
    public static async Task<SmtpTestHost> StartAsync(string? controlDirectory, int? relayPort, SmtpLimits? limits = null, TimeSpan? relayTimeout = null, Func<ServeOptions, ServeOptions>? configure = null)
    {
        var port = PeerScript.FreePort();
        var options = new ServeOptions
        {
            ControlDirectory = controlDirectory,
            Smtp = [new IPEndPoint(IPAddress.Loopback, port)],
            Relay = relayPort is { } p ? new NextHop("127.0.0.1", p) : null,
            HostName = "gw.vigil.test",
            Limits = limits ?? new SmtpLimits(),
            RelayTimeout = relayTimeout ?? TimeSpan.FromMinutes(1),
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        options = configure?.Invoke(options) ?? options;
        var log = new LogCapture();
        var (host, errors) = ServeHost.Build(options, new GatewaySettings { ControlDirectory = controlDirectory }, l =>
        {
            l.ClearProviders();
            l.AddProvider(log);
        });
        if (host is null)
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        await host.StartAsync();
        return new SmtpTestHost(host, port, log);
    }

    /// <summary>Waits until a log line holds <paramref name="text"/> (the transaction line is written just after the reply).</summary>
    public string WaitForLog(string text, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (Log.Lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            Thread.Sleep(50);
        }

        throw new Xunit.Sdk.XunitException($"no log line with '{text}' in:\n{Log.Text}");
    }

    /// <summary>Waits until <paramref name="count"/> log lines hold <paramref name="text"/> (a second reload, say).</summary>
    public void WaitForLogLines(string text, int count, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (Log.Lines.Count(l => l.Contains(text, StringComparison.Ordinal)) < count)
        {
            if (DateTime.UtcNow >= until)
            {
                throw new Xunit.Sdk.XunitException($"fewer than {count} log lines with '{text}' in:\n{Log.Text}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Stops the daemon as SIGTERM does (sessions drained) and disposes it (the relay pool's connections closed with QUIT); once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _host.StopAsync();
        await _host.DisposeAsync();
    }
}
