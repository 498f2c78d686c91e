using Microsoft.Data.Sqlite;
using Vigil.Store.Sqlite;

namespace Vigil.Web.Users;

/// <summary>
/// The dashboard's own tables in the store's SQLite file, beside the messages: `web_users`
/// (name, role, reviewer domains, password hash) and `web_actions` (who released or deleted
/// what, when, and how it went). Created when missing (CREATE TABLE IF NOT EXISTS), apart from
/// the store's numbered migrations, which they do not touch. One connection per use.
/// </summary>
public sealed class DashboardDatabase(string path)
{
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS web_users (
          name TEXT PRIMARY KEY COLLATE NOCASE,
          role TEXT NOT NULL,
          domains TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          created_ms INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS web_actions (
          id INTEGER PRIMARY KEY,
          time_ms INTEGER NOT NULL,
          user_name TEXT NOT NULL,
          action TEXT NOT NULL,
          quarantine_id TEXT NOT NULL,
          outcome TEXT NOT NULL,
          detail TEXT NOT NULL,
          client_ip TEXT
        );
        CREATE INDEX IF NOT EXISTS web_actions_quarantine ON web_actions (quarantine_id);
        """;

    public string Path { get; } = path;

    /// <summary>Creates (or brings up to date) the store and the dashboard's tables; null, or the reason it cannot.</summary>
    public string? Prepare()
    {
        using (var store = SqliteStore.Open(Path, TimeSpan.FromSeconds(10), create: true, out var error))
        {
            if (store is null)
            {
                return error;
            }
        }

        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = Tables;
            command.ExecuteNonQuery();
            return null;
        }
        catch (SqliteException e)
        {
            return $"store {Path}: {e.Message}";
        }
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWrite,
            DefaultTimeout = 10,
            Pooling = true,
        }.ToString());
        connection.Open();
        return connection;
    }
}
