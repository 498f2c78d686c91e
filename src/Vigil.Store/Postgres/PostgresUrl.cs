using Npgsql;

namespace Vigil.Store.Postgres;

/// <summary>
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=/socket/dir]` as an Npgsql connection
/// string, and the URL with its password hidden (for messages).
/// </summary>
public static class PostgresUrl
{
    public static bool TryParse(string text, out string connectionString, out string display, out string? error)
    {
        connectionString = display = "";
        error = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || uri.Host.Length == 0)
        {
            error = $"store: '{Hide(text)}' is not postgres://user[:password]@host[:port]/database";
            return false;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            error = $"store: '{Hide(text)}' names no database";
            return false;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        var info = uri.UserInfo;
        if (info.Length > 0)
        {
            var colon = info.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? info : info[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(info[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0 && Uri.UnescapeDataString(pair[..eq]) == "host")
            {
                builder.Host = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        connectionString = builder.ConnectionString;
        display = Hide(text);
        return true;
    }

    /// <summary>The URL with any password replaced by "***".</summary>
    public static string Hide(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (scheme < 0 || at < scheme)
        {
            return text;
        }

        var colon = text.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? text[..(colon + 1)] + "***" + text[at..] : text;
    }
}
