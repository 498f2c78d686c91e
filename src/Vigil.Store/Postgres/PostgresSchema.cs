using Npgsql;

namespace Vigil.Store.Postgres;

/// <summary>
/// The PostgreSQL schema: the same tables as SQLite's, as numbered migrations recorded in
/// vigil_schema (one row per migration run, each in its own transaction, under an advisory lock
/// so that two nodes migrating at once run each migration once). Addresses are searched through
/// indexes on lower(…).
/// </summary>
internal static class PostgresSchema
{
    private const long LockKey = 0x5649_4749_4c53_5431; // "VIGILST1"

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE messages (
          id bigserial PRIMARY KEY,
          message_key text NOT NULL,
          time_ms bigint NOT NULL,
          door text NOT NULL,
          node text NOT NULL,
          verdict text NOT NULL,
          outcome text NOT NULL,
          findings text NOT NULL,
          size bigint NOT NULL,
          elapsed_ms double precision NOT NULL,
          sender text,
          recipient text NOT NULL,
          client_ip text,
          relay_client boolean,
          helo text,
          subject text,
          message_id text,
          attachments text NOT NULL,
          quarantine_id text,
          quarantine_folder text,
          quarantine_state text,
          log_line text,
          source text NOT NULL,
          UNIQUE (message_key, recipient)
        );
        CREATE INDEX messages_time ON messages (time_ms);
        CREATE INDEX messages_sender ON messages (lower(sender));
        CREATE INDEX messages_recipient ON messages (lower(recipient));
        CREATE INDEX messages_message_id ON messages (message_id);
        CREATE INDEX messages_client_ip ON messages (client_ip);
        CREATE INDEX messages_verdict_time ON messages (verdict, time_ms);
        CREATE INDEX messages_quarantine ON messages (quarantine_id) WHERE quarantine_id IS NOT NULL;
        CREATE TABLE findings (message_key text NOT NULL, category text NOT NULL, rule text NOT NULL, detail text NOT NULL);
        CREATE INDEX findings_message ON findings (message_key);
        CREATE INDEX findings_rule ON findings (category, rule);
        CREATE TABLE attachments (message_key text NOT NULL, name text NOT NULL, declared_type text, detected_type text, size bigint NOT NULL);
        CREATE INDEX attachments_message ON attachments (message_key);
        """,
        // 2: the dashboard's users and the record of what was done through it (SQLite keeps
        // them in CREATE TABLE IF NOT EXISTS tables of the dashboard's own).
        """
        CREATE TABLE web_users (
          name text PRIMARY KEY,
          role text NOT NULL,
          domains text NOT NULL,
          password_hash text NOT NULL,
          created_ms bigint NOT NULL
        );
        CREATE UNIQUE INDEX web_users_name ON web_users (lower(name));
        CREATE TABLE web_actions (
          id bigserial PRIMARY KEY,
          time_ms bigint NOT NULL,
          user_name text NOT NULL,
          action text NOT NULL,
          quarantine_id text NOT NULL,
          outcome text NOT NULL,
          detail text NOT NULL,
          client_ip text
        );
        CREATE INDEX web_actions_quarantine ON web_actions (quarantine_id);
        """,
        // 3: every node's quarantined messages (SharedQuarantine), so any node lists and releases them.
        """
        CREATE TABLE quarantine (
          id text PRIMARY KEY,
          node text NOT NULL,
          folder text NOT NULL,
          stored_ms bigint NOT NULL,
          sender text,
          recipients text NOT NULL,
          client_ip text,
          verdict text NOT NULL,
          findings text NOT NULL,
          subject text NOT NULL,
          size bigint NOT NULL,
          message bytea,
          state text NOT NULL,
          state_ms bigint,
          state_node text,
          released_to text
        );
        CREATE INDEX quarantine_stored ON quarantine (stored_ms);
        CREATE INDEX quarantine_node ON quarantine (node);
        """,
        // 4: each scanner's result and time per message, for the dashboard's scanner health.
        """
        CREATE TABLE scanner_runs (
          message_key text NOT NULL,
          node text NOT NULL,
          time_ms bigint NOT NULL,
          scanner text NOT NULL,
          result text NOT NULL,
          elapsed_ms double precision NOT NULL
        );
        CREATE INDEX scanner_runs_time ON scanner_runs (time_ms);
        CREATE INDEX scanner_runs_message ON scanner_runs (message_key);
        """,
        // 5: the token of the release that marked a row 'releasing' (ReleaseService), so that
        // its end, or a state .pending/ kept for it, moves on only its own claim: an admin may
        // have settled the row and another release claimed it meanwhile. Null: not claimed, or
        // claimed by a vigil before this migration.
        """
        ALTER TABLE quarantine ADD COLUMN claim text;
        """,
    ];

    public static int Version => Migrations.Length;

    /// <summary>
    /// Brings the schema to this vigil's version. A store already there (every door run but the
    /// first) costs one query and takes no lock; otherwise, under an advisory lock so two nodes
    /// never migrate at once, each missing migration in its own transaction.
    /// </summary>
    public static void Migrate(NpgsqlConnection connection) => Migrate(connection, Version);

    /// <summary>Migrates up to <paramref name="target"/> only (a test's older database).</summary>
    internal static void Migrate(NpgsqlConnection connection, int target)
    {
        if (VersionIfCreated(connection) == Version)
        {
            return;
        }

        Execute(connection, null, $"CREATE TABLE IF NOT EXISTS vigil_schema (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now()); SELECT pg_advisory_lock({LockKey});");
        try
        {
            var found = UserVersion(connection);
            if (found > Version)
            {
                throw new StoreException($"the store's schema is version {found}, newer than this vigil's {Version}");
            }

            for (var v = found; v < Math.Min(target, Version); v++)
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, transaction, Migrations[v]);
                Execute(connection, transaction, $"INSERT INTO vigil_schema (version) VALUES ({v + 1});");
                transaction.Commit();
            }
        }
        finally
        {
            Execute(connection, null, $"SELECT pg_advisory_unlock({LockKey});");
        }
    }

    /// <summary>The schema's version; null while the version table was never created (a new database).</summary>
    private static int? VersionIfCreated(NpgsqlConnection connection)
    {
        try
        {
            return UserVersion(connection);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    public static int UserVersion(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM vigil_schema;", connection);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
