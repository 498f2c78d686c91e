using Vigil.Engine.Scanners.Configuration;

namespace Vigil.Engine.Gateway;

/// <summary>What a gateway is built from.</summary>
public sealed record GatewaySettings
{
    /// <summary>The control directory; null for the built-in defaults.</summary>
    public string? ControlDirectory { get; init; }

    /// <summary>Scanners added for this process whatever `scanners` says (--clamd): appended to every profile's.</summary>
    public IReadOnlyList<ConfiguredScanner> ExtraScanners { get; init; } = [];

    /// <summary>Told of every message (the store); none by default.</summary>
    public IReadOnlyList<IOutcomeObserver> Observers { get; init; } = [];

    /// <summary>This host's name in the store and reports: VIGIL_NODE when set (two gateways on one host), else the host name.</summary>
    public string Node { get; init; } = Environment.GetEnvironmentVariable("VIGIL_NODE") is { Length: > 0 } node ? node.Trim() : Environment.MachineName;

    /// <summary>
    /// How often the control files are looked at for changes: zero (the default, what a door does)
    /// before each use of the policy; a resident `vigil serve` looks at most once a second and at
    /// once after SIGHUP or its watcher saw the control directory change (<see cref="MailGateway.InvalidateControlFiles"/>); the policy's and the scanners' files alike.
    /// </summary>
    public TimeSpan PolicyRecheck { get; init; }

    /// <summary>Messages up to this size are spooled in memory, bigger ones in a private temp file.</summary>
    public int SpoolMemoryThreshold { get; init; } = 1024 * 1024;
}
