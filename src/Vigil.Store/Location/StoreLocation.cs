using Vigil.Engine.Policy.Control;

namespace Vigil.Store.Location;

/// <summary>
/// Where the store lives: `store=` in `options`, else the VIGIL_STORE variable, else
/// <see cref="DefaultPath"/> when its directory exists (`vigil install` makes it; without it the
/// store is off, so a host that never installed Vigil gets no warning per message).
/// Forms: `sqlite:PATH` (or a bare absolute PATH), `postgres://user[:password]@host[:port]/db`, `off`.
/// </summary>
public sealed record StoreLocation(string SqlitePath, bool Explicit)
{
    public const string OptionKey = "store";

    public const string RetentionKey = "store-days";

    public const string Variable = "VIGIL_STORE";

    public const string DefaultDirectory = "/var/lib/vigil";

    public static readonly string DefaultPath = Path.Combine(DefaultDirectory, "store.db");

    /// <summary>Rows older than this many days are removed by `vigil cleanup` unless `store-days=` says otherwise.</summary>
    public const int DefaultRetentionDays = 180;

    /// <summary>
    /// The store for <paramref name="options"/> and <paramref name="environment"/>: a location, or
    /// null when it is off; <paramref name="error"/> names a value that is not a store.
    /// </summary>
    public static StoreLocation? Resolve(PolicyOptions options, string? environment, out string? error)
    {
        error = null;
        var text = options.Get(OptionKey) is { Length: > 0 } o ? o : environment is { Length: > 0 } e ? e : null;
        if (text is null)
        {
            return Directory.Exists(DefaultDirectory) ? new StoreLocation(DefaultPath, false) : null;
        }

        return TryParse(text, out var location, out error) ? location : null;
    }

    /// <summary>`sqlite:PATH`, an absolute PATH, or `off`/`none` (a null location, no error).</summary>
    public static bool TryParse(string text, out StoreLocation? location, out string? error)
    {
        location = null;
        error = null;
        text = text.Trim();
        if (text is "off" or "none" or "no")
        {
            return true;
        }

        var path = text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? text["sqlite:".Length..] : text;
        if (path.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || path.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Postgres.PostgresUrl.TryParse(text, out var connection, out var display, out error))
            {
                return false;
            }

            location = new StoreLocation("", true) { PostgresConnection = connection, Display = display };
            return true;
        }

        if (path.Length == 0 || !Path.IsPathFullyQualified(path))
        {
            error = $"store: '{text}' is not sqlite:/absolute/path or off";
            return false;
        }

        location = new StoreLocation(path, true);
        return true;
    }

    /// <summary>`store-days=`: whole days from 1 to 36500; <see cref="DefaultRetentionDays"/> when unset.</summary>
    public static bool TryGetRetentionDays(PolicyOptions options, out int days, out string? error)
    {
        error = null;
        days = DefaultRetentionDays;
        if (options.Get(RetentionKey) is not { } text)
        {
            return true;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out days) && days is >= 1 and <= 36500)
        {
            return true;
        }

        error = $"{RetentionKey}: '{text}' is not a number of days from 1 to 36500";
        days = DefaultRetentionDays;
        return false;
    }

    /// <summary>The Npgsql connection string of a PostgreSQL store; null for SQLite.</summary>
    public string? PostgresConnection { get; init; }

    /// <summary>A PostgreSQL store's URL with its password hidden.</summary>
    public string? Display { get; init; }

    public bool IsPostgres => PostgresConnection is not null;

    /// <summary>Whether rows written to <paramref name="other"/> land in this same database (however each was named: `store=`, VIGIL_STORE or the default).</summary>
    public bool IsSameStore(StoreLocation other) =>
        string.Equals(SqlitePath, other.SqlitePath, StringComparison.Ordinal)
        && string.Equals(PostgresConnection, other.PostgresConnection, StringComparison.Ordinal);

    /// <summary>The store as messages name it.</summary>
    public string Name => Display ?? SqlitePath;

    /// <summary>
    /// Where rows go that the store could not take (queue full, database down): beside the SQLite
    /// database; for PostgreSQL, /var/lib/vigil/store.spill.
    /// </summary>
    public string SpillPath => IsPostgres ? Path.Combine(DefaultDirectory, "store.spill") : SqlitePath + ".spill";

    /// <summary>Opens (creating or migrating) the store this names; null with <paramref name="error"/> when it cannot be.</summary>
    public IMessageStore? Open(TimeSpan timeout, bool create, out string? error) =>
        PostgresConnection is { } connection
            ? Postgres.PostgresStore.Open(connection, Name, timeout, out error)
            : Sqlite.SqliteStore.Open(SqlitePath, timeout, create, out error);
}
