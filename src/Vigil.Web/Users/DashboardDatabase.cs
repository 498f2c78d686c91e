using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigil.Store.Location;
using Vigil.Store.Reading;

namespace Vigil.Web.Users;

/// <summary>
/// The store as the dashboard reads it, SQLite or PostgreSQL, with the dashboard's own tables
/// beside the messages: `web_users` (name, role, reviewer domains, password hash) and
/// `web_actions` (who released or deleted what, when, and how it went). In a SQLite store they
/// are created when missing (CREATE TABLE IF NOT EXISTS, apart from the store's numbered
/// migrations); in PostgreSQL they are the store's migration 2, run by `vigil store migrate` or
/// by whichever opens the store first. One connection per use (pooled).
/// </summary>
public sealed class DashboardDatabase
{
    private const string SqliteTables = """
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

    private readonly StoreLocation _location;
    private readonly string _connectionString;

    public DashboardDatabase(StoreLocation location)
    {
        _location = location;
        _connectionString = location.PostgresConnection is { } pg
            ? new NpgsqlConnectionStringBuilder(pg) { Pooling = true, Timeout = 10, CommandTimeout = 30, ApplicationName = "vigil-web" }.ConnectionString
            : new SqliteConnectionStringBuilder { DataSource = location.SqlitePath, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 10, Pooling = true }.ToString();
    }

    /// <summary>A SQLite store at <paramref name="path"/>.</summary>
    public DashboardDatabase(string path)
        : this(new StoreLocation(path, true))
    {
    }

    /// <summary>The store as messages name it (a path, or the URL without its password).</summary>
    public string Name => _location.Name;

    public StoreLocation Location => _location;

    public bool IsPostgres => _location.IsPostgres;

    public StoreDialect Dialect => IsPostgres ? StoreDialect.Postgres : StoreDialect.Sqlite;

    /// <summary>Creates (or brings up to date) the store and the dashboard's tables; null, or the reason it cannot.</summary>
    public string? Prepare()
    {
        using (var store = _location.Open(TimeSpan.FromSeconds(10), create: true, out var error))
        {
            if (store is null)
            {
                return error;
            }
        }

        if (IsPostgres)
        {
            return null; // the tables are the store's own migrations there
        }

        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteTables;
            command.ExecuteNonQuery();
            return null;
        }
        catch (SqliteException e)
        {
            return $"store {Name}: {e.Message}";
        }
    }

    public DbConnection Open()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The dashboard's queries over a connection from <see cref="Open"/>.</summary>
    public DashboardReader Reader(DbConnection connection) => new(connection, Dialect);

    /// <summary>A parameter added to <paramref name="command"/>; null values as DBNull.</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
