using System.Net;

namespace Vigil.Web.Hosting;

/// <summary>What `vigil web` serves: the store's SQLite file, the quarantine and the release path (as `vigil quarantine` finds them).</summary>
public sealed record DashboardSettings
{
    public const int DefaultPort = 8080;

    /// <summary>The store's SQLite file: messages, and the dashboard's users and actions.</summary>
    public required string StorePath { get; init; }

    /// <summary>The quarantine root (viruses/, policy/, spam/).</summary>
    public required string QuarantineRoot { get; init; }

    /// <summary>reinject=: a program (sendmail, qmail-inject) or smtp:host[:port].</summary>
    public required string Reinject { get; init; }

    /// <summary>Where to listen; 127.0.0.1:8080 unless told.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>Failed logins from one address (or for one name) within <see cref="LoginWindow"/> before further tries are refused.</summary>
    public int LoginFailures { get; init; } = 5;

    public TimeSpan LoginWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Seconds between the overview's refreshes.</summary>
    public int RefreshSeconds { get; init; } = 30;
}
