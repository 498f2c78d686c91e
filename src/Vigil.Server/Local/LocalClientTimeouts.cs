namespace Vigil.Server.Local;

/// <summary>How long a door waits on the daemon before it judges the message itself.</summary>
/// <param name="Connect">For the connection (a unix socket answers at once or not at all).</param>
/// <param name="Write">For each write of the request (a daemon that stops reading).</param>
/// <param name="Reply">For the verdict and each read of the reply; the scanners' own timeout is 120 s by default.</param>
public sealed record LocalClientTimeouts(TimeSpan Connect, TimeSpan Write, TimeSpan Reply)
{
    public static LocalClientTimeouts Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(300));
}
