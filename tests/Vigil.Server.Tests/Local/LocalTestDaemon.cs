using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Server.Hosting;
using Vigil.Server.Local;

namespace Vigil.Server.Tests.Local;

/// <summary>
/// `vigil serve --socket` as the command builds it (the real <see cref="ServeHost"/>), listening
/// only on a unix socket in a private directory, with its log kept for the test.
/// </summary>
public sealed class LocalTestDaemon : IAsyncDisposable
{
    private readonly ServeHost _host;
    private readonly string _dir;

    private LocalTestDaemon(ServeHost host, string dir, string socket, CapturingLoggerProvider log)
    {
        _host = host;
        _dir = dir;
        Socket = socket;
        Log = log;
    }

    public string Socket { get; }

    public CapturingLoggerProvider Log { get; }

    /// <summary>How many messages the daemon answered (its "socket ...: door from" lines).</summary>
    public int Answered => Log.Lines.Count(l => l.StartsWith("Information: socket ", StringComparison.Ordinal) && l.Contains(" recipient(s): ", StringComparison.Ordinal));

    public static async Task<LocalTestDaemon> StartAsync(string? controlDirectory, LocalLimits? limits = null, IReadOnlyList<string>? clamdAddresses = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "vigil-sock-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var socket = Path.Combine(dir, "vigil.sock");
        var log = new CapturingLoggerProvider();
        var options = new ServeOptions
        {
            ControlDirectory = controlDirectory,
            Socket = socket,
            ClamdAddresses = clamdAddresses ?? [],
            LocalLimits = limits ?? new LocalLimits(),
            HostName = "vigil.test",
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
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
        return new LocalTestDaemon(host, dir, socket, log);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
