namespace Vigil.Store.Reading;

/// <summary>
/// The few pieces of SQL in which SQLite and PostgreSQL differ for the read queries; everything
/// else the readers write is common SQL with <c>@name</c> parameters, which both accept.
/// </summary>
public sealed class StoreDialect
{
    private readonly Func<string, string> _period;
    private readonly Func<string, string, string> _equalsIgnoringCase;
    private readonly string _like;

    private StoreDialect(string name, Func<string, string> period, Func<string, string, string> equalsIgnoringCase, string like)
    {
        Name = name;
        _period = period;
        _equalsIgnoringCase = equalsIgnoringCase;
        _like = like;
    }

    /// <summary>SQLite: the address columns are COLLATE NOCASE, so a plain comparison ignores case.</summary>
    public static StoreDialect Sqlite { get; } = new(
        "sqlite",
        format => $"strftime('{format}', time_ms / 1000, 'unixepoch')",
        (column, parameter) => $"{column} = {parameter}",
        "LIKE");

    /// <summary>PostgreSQL: the address indexes are on lower(…), so the comparison is written the same way.</summary>
    public static StoreDialect Postgres { get; } = new(
        "postgres",
        format => $"to_char(to_timestamp(time_ms / 1000.0) AT TIME ZONE 'UTC', '{(format == "%Y-%m" ? "YYYY-MM" : "YYYY-MM-DD")}')",
        (column, parameter) => $"lower({column}) = lower({parameter})",
        "ILIKE");

    public string Name { get; }

    /// <summary>The UTC day (yyyy-MM-dd) or, with <paramref name="monthly"/>, month (yyyy-MM) of time_ms.</summary>
    public string Period(bool monthly) => _period(monthly ? "%Y-%m" : "%Y-%m-%d");

    /// <summary>An address column compared with a parameter, whatever the case of either.</summary>
    public string EqualsIgnoringCase(string column, string parameter) => _equalsIgnoringCase(column, parameter);

    /// <summary>
    /// A column matched against a LIKE pattern (an expression; backslash escapes), whatever the
    /// case: SQLite's LIKE ignores ASCII case already, PostgreSQL's ILIKE does.
    /// </summary>
    public string LikeIgnoringCase(string column, string pattern) => $"{column} {_like} ({pattern}) ESCAPE '\\'";
}
