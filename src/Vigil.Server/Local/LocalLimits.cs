namespace Vigil.Server.Local;

/// <summary>The daemon's bounds on one local-socket connection.</summary>
public sealed record LocalLimits
{
    /// <summary>How long one read may wait for the door's next bytes (a door that stalls is cut off).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long writing the reply may take (a door that never reads).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message accepted (at most <see cref="LocalProtocol.MaxMessageBytes"/>).</summary>
    public long MaxMessageBytes { get; init; } = LocalProtocol.MaxMessageBytes;
}
