using Vigil.Testing;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests;

/// <summary>
/// A dashboard over a store and quarantine of its own, filled by the real doors: a control
/// directory (quarantine=, store=, reinject= pointing at an <see cref="SmtpSink"/>), users added
/// with the real `vigil user add`, mail put through `vigil deliver` as qmail-local runs it, and the
/// dashboard host itself on a free loopback port. With <c>withClamd</c> a private real clamd judges viruses.
/// </summary>
public sealed class DashboardSite : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private readonly TempDir _dir = new();
    private readonly PrivateClamdProcess? _clamd;
    private DashboardHost? _host;

    /// <summary>A site; <paramref name="store"/> a store= value (default: a SQLite file of its own), <paramref name="node"/> its VIGIL_NODE (default: the host name), <paramref name="quarantineMax"/> its store-quarantine-max= (default: none written).</summary>
    public DashboardSite(bool withClamd, string? store = null, string? node = null, long? quarantineMax = null)
    {
        Control = Path.Combine(_dir.Path, "control");
        Directory.CreateDirectory(Control);
        Quarantine = Path.Combine(_dir.Path, "quarantine");
        Store = store ?? Path.Combine(_dir.Path, "store.db");
        Node = node;
        QuarantineMax = quarantineMax;
        File.WriteAllText(Path.Combine(Control, "options"), HostIsolation.WithNotifyVia($"quarantine={Quarantine}\nstore={(store ?? "sqlite:" + Store)}\nreinject=smtp:127.0.0.1:{Sink.Port}\n"
            + (quarantineMax is { } max ? $"store-quarantine-max={max}\n" : "")));
        if (withClamd)
        {
            _clamd = new PrivateClamdProcess();
            File.WriteAllText(Path.Combine(Control, "scanners"), $"clamd {_clamd.TcpText}\n");
        }
    }

    public string Control { get; }

    public string Quarantine { get; }

    /// <summary>The SQLite file, or the store= value given.</summary>
    public string Store { get; }

    public string? Node { get; }

    /// <summary>store-quarantine-max= of the doors and the dashboard (null: the default).</summary>
    public long? QuarantineMax { get; }

    public string KeysDirectory => Path.Combine(_dir.Path, "web.keys");

    public SmtpSink Sink { get; } = new();

    public Uri Address => _host?.Address ?? throw new InvalidOperationException("not started");

    public string Url(string path) => new Uri(Address, path).ToString();

    public void AddUser(string name, string role, string? domains = null)
    {
        string[] args = ["user", "add", name, "--role", role, "--control", Control, .. domains is null ? Array.Empty<string>() : ["--domains", domains]];
        var r = VigilProcess.Run(args, VigilProcess.Bytes(Password + "\n"));
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    /// <summary>Puts <paramref name="message"/> through `vigil deliver` for <paramref name="recipient"/>; the exit code (99: filtered, i.e. quarantined).</summary>
    public int Deliver(string message, string sender, string recipient)
    {
        var r = DeliverResult(message, sender, recipient);
        Assert.True(r.ExitCode is 0 or 99, r.Stderr);
        return r.ExitCode;
    }

    /// <summary>As <see cref="Deliver"/>, whatever the door answers (111 when a scanner is down).</summary>
    public VigilProcess.Result DeliverResult(string message, string sender, string recipient)
    {
        var at = recipient.IndexOf('@', StringComparison.Ordinal);
        return VigilProcess.Run(["deliver", "--control", Control], VigilProcess.Bytes(message), new Dictionary<string, string>
        {
            ["SENDER"] = sender,
            ["RECIPIENT"] = recipient,
            ["LOCAL"] = recipient[..at],
            ["HOST"] = recipient[(at + 1)..],
            ["VIGIL_NODE"] = Node ?? "",
        });
    }

    /// <summary>Stops the private clamd (a scanner outage): the doors then defer what they cannot scan.</summary>
    public void StopClamd() => _clamd?.Stop();

    /// <summary>The quarantine id of the newest file whose content has <paramref name="marker"/>.</summary>
    public string QuarantineId(string marker)
    {
        foreach (var file in Directory.EnumerateFiles(Quarantine, "*", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc))
        {
            if (Path.GetFileName(file) != "quarantine.log" && !Path.GetFileName(file).StartsWith('.') && File.ReadAllText(file).Contains(marker, StringComparison.Ordinal))
            {
                return Path.GetFileName(file).Split(':')[0];
            }
        }

        throw new InvalidOperationException($"nothing quarantined with '{marker}'");
    }

    public async Task StartAsync(int loginFailures = 5)
    {
        var (host, error) = DashboardHost.Build(new DashboardSettings
        {
            Store = Vigil.Store.Location.StoreLocation.TryParse(Store, out var location, out _) ? location! : throw new InvalidOperationException(Store),
            Node = Node ?? Vigil.Store.Location.NodeName.Current,
            KeysDirectory = KeysDirectory,
            QuarantineRoot = Quarantine,
            Reinject = $"smtp:127.0.0.1:{Sink.Port}",
            Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0),
            LoginFailures = loginFailures,
            QuarantineMaxBytes = QuarantineMax ?? Vigil.Store.Quarantine.QuarantineLimits.DefaultMaxBytes,
        });
        Assert.True(host is not null, error);
        _host = host;
        await host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        await Sink.DisposeAsync();
        _clamd?.Dispose();
        _dir.Dispose();
    }
}
