namespace Vigil.Engine.Scanners.Clamd;

/// <summary>How long to wait for clamd before calling the scan failed (an `error`, never clean).</summary>
/// <param name="Connect">To open the connection.</param>
/// <param name="Read">The longest clamd may stay silent: each send and each receive.</param>
/// <param name="Total">One whole request, from connect to reply.</param>
public sealed record ClamdTimeouts(TimeSpan Connect, TimeSpan Read, TimeSpan Total)
{
    public static ClamdTimeouts Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
}
