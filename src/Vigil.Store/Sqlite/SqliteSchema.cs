using Microsoft.Data.Sqlite;

namespace Vigil.Store.Sqlite;

/// <summary>
/// The store's tables, as numbered migrations: PRAGMA user_version says how many have run, each
/// runs once in its own transaction. Times are Unix milliseconds (range searches on an integer);
/// addresses compare case-insensitively (COLLATE NOCASE, indexed the same way). A message's
/// findings and attachments are stored once per message, not once per recipient.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          message_key TEXT NOT NULL,
          time_ms INTEGER NOT NULL,
          door TEXT NOT NULL,
          node TEXT NOT NULL,
          verdict TEXT NOT NULL,
          outcome TEXT NOT NULL,
          findings TEXT NOT NULL,
          size INTEGER NOT NULL,
          elapsed_ms REAL NOT NULL,
          sender TEXT COLLATE NOCASE,
          recipient TEXT NOT NULL COLLATE NOCASE,
          client_ip TEXT,
          relay_client INTEGER,
          helo TEXT,
          subject TEXT,
          message_id TEXT,
          attachments TEXT NOT NULL,
          quarantine_id TEXT,
          quarantine_folder TEXT,
          quarantine_state TEXT,
          log_line TEXT,
          source TEXT NOT NULL,
          UNIQUE (message_key, recipient)
        );
        CREATE INDEX messages_time ON messages (time_ms);
        CREATE INDEX messages_sender ON messages (sender);
        CREATE INDEX messages_recipient ON messages (recipient);
        CREATE INDEX messages_message_id ON messages (message_id);
        CREATE INDEX messages_client_ip ON messages (client_ip);
        CREATE INDEX messages_verdict_time ON messages (verdict, time_ms);
        CREATE INDEX messages_quarantine ON messages (quarantine_id) WHERE quarantine_id IS NOT NULL;
        CREATE TABLE findings (
          message_key TEXT NOT NULL,
          category TEXT NOT NULL,
          rule TEXT NOT NULL,
          detail TEXT NOT NULL
        );
        CREATE INDEX findings_message ON findings (message_key);
        CREATE INDEX findings_rule ON findings (category, rule);
        CREATE TABLE attachments (
          message_key TEXT NOT NULL,
          name TEXT NOT NULL,
          declared_type TEXT,
          detected_type TEXT,
          size INTEGER NOT NULL
        );
        CREATE INDEX attachments_message ON attachments (message_key);
        """,
        // 2: each scanner's result and time per message, for the dashboard's scanner health.
        """
        CREATE TABLE scanner_runs (
          message_key TEXT NOT NULL,
          node TEXT NOT NULL,
          time_ms INTEGER NOT NULL,
          scanner TEXT NOT NULL,
          result TEXT NOT NULL,
          elapsed_ms REAL NOT NULL
        );
        CREATE INDEX scanner_runs_time ON scanner_runs (time_ms);
        CREATE INDEX scanner_runs_message ON scanner_runs (message_key);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Version => Migrations.Length;

    /// <summary>Runs the migrations not yet run; the version found before.</summary>
    public static int Migrate(SqliteConnection connection)
    {
        var found = UserVersion(connection);
        if (found > Version)
        {
            throw new StoreException($"the store's schema is version {found}, newer than this vigil's {Version}");
        }

        for (var v = found; v < Version; v++)
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return found;
    }

    public static int UserVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
