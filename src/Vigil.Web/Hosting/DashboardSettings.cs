using System.Net;
using Vigil.Store.Location;

namespace Vigil.Web.Hosting;

/// <summary>What the dashboard serves (`vigil web`, or `vigil serve --web`): the store (SQLite or PostgreSQL), the quarantine and the release path (as `vigil quarantine` finds them).</summary>
public sealed record DashboardSettings
{
    public const int DefaultPort = 8080;

    /// <summary>The store: messages, and the dashboard's users and actions (and, in PostgreSQL, every node's quarantined messages).</summary>
    public required StoreLocation Store { get; init; }

    /// <summary>This node's name, as its doors write it in the store's rows (VIGIL_NODE, else the host name).</summary>
    public string Node { get; init; } = NodeName.Current;

    /// <summary>
    /// Where the keys that sign the session and antiforgery cookies are kept: beside a SQLite
    /// store (STORE.keys), else /var/lib/vigil/web.keys.
    /// </summary>
    public string? KeysDirectory { get; init; }

    public string Keys => KeysDirectory ?? (Store.IsPostgres ? Path.Combine(StoreLocation.DefaultDirectory, "web.keys") : Store.SqlitePath + ".keys");

    /// <summary>The quarantine root (viruses/, policy/, spam/).</summary>
    public required string QuarantineRoot { get; init; }

    /// <summary>reinject=: a program (sendmail, qmail-inject) or smtp:host[:port].</summary>
    public required string Reinject { get; init; }

    /// <summary>Where to listen; 127.0.0.1:8080 unless told.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>Failed logins from one address (or for one name) within <see cref="LoginWindow"/> before further tries are refused.</summary>
    public int LoginFailures { get; init; } = 5;

    public TimeSpan LoginWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>store-quarantine-max=: original messages up to this size are kept in a PostgreSQL store for every node.</summary>
    public long QuarantineMaxBytes { get; init; } = Vigil.Store.Quarantine.QuarantineLimits.DefaultMaxBytes;

    /// <summary>How often this node's quarantine files and a PostgreSQL store's shared quarantine are brought together (QuarantineSync).</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Seconds between the overview's refreshes.</summary>
    public int RefreshSeconds { get; init; } = 30;
}
