using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Dispositions.Forwarding;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Tests.Dispositions.Quarantine;

namespace Vigil.Engine.Tests.Dispositions.Execution;

/// <summary>An executor over a temporary quarantine, a recording log and a chosen transport.</summary>
internal sealed class ExecutorRig : IDisposable
{
    public static readonly NotificationSettings Settings = new()
    {
        RespMail = "postmaster@gateway.example",
        HostName = "gateway.example",
        BmGuards = ["bm-guard@gateway.example"],
        AvGuards = ["av-guard@gateway.example"],
    };

    public static readonly ForwardSettings Forwards = new()
    {
        ForwardVirusMail = true,
        ForwardBadMail = true,
        VirusAddresses = ["virus-dump@gateway.example"],
        BadMailAddresses = ["badmail-dump@gateway.example"],
    };

    public QuarantineRoot Root { get; } = new();

    public RecordingLog Log { get; } = new();

    public StringWriter Errors { get; } = new();

    public DispositionExecutor Create(string options = "", INotificationSender? transport = null, TimeSpan? timeout = null, string? quarantineRoot = null)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["quarantine"] = quarantineRoot ?? Root.Path };
        foreach (var line in options.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            values[line[..eq]] = line[(eq + 1)..];
        }

        var step = transport is null ? null : new NotificationStep(
            new NotificationDispatcher(Settings, transport),
            new BlockedMailForwarder(Forwards, transport, Settings.RespMail, Settings.HostName),
            Errors,
            timeout);
        return new DispositionExecutor(new PolicyOptions(values), Log, notifications: step);
    }

    public static SmtpNotificationSender Smtp(int port) => new("127.0.0.1", port) { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>A port nobody listens on (connections are refused).</summary>
    public static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Root.Dispose();
}
