namespace Vigil.Engine.Scanners.Spamd;

/// <summary>How long to wait for spamd before calling the check failed (an `error`, never clean).</summary>
/// <param name="Connect">To open the connection.</param>
/// <param name="Read">The longest spamd may stay silent: each send and each receive.</param>
/// <param name="Total">One whole request, from connect to reply.</param>
public sealed record SpamdTimeouts(TimeSpan Connect, TimeSpan Read, TimeSpan Total)
{
    public static SpamdTimeouts Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));

    /// <summary>The default connect time with one limit for the rest (a scanner line's timeout=).</summary>
    public static SpamdTimeouts Within(TimeSpan total) => new(total < Default.Connect ? total : Default.Connect, total, total);
}
