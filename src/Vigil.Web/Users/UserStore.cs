using System.Data.Common;

namespace Vigil.Web.Users;

/// <summary>
/// The dashboard's users in `web_users`: added (or their password and role replaced), found,
/// checked, listed, removed. Names compare whatever their case, in SQLite (a NOCASE column) and
/// PostgreSQL (lower(name), indexed unique) alike.
/// </summary>
public sealed class UserStore(DashboardDatabase database)
{
    private string NameIs => database.Dialect.EqualsIgnoringCase("name", "@name");

    /// <summary>Adds the user, or replaces the role, domains and password of one by that name; true when it was new.</summary>
    public bool Set(string name, string role, IReadOnlyList<string> domains, string password)
    {
        var hash = PasswordHasher.Hash(password);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var update = Command(connection, $"UPDATE web_users SET role = @role, domains = @domains, password_hash = @hash WHERE {NameIs};", transaction);
        DashboardDatabase.Add(update, "name", name);
        DashboardDatabase.Add(update, "role", role);
        DashboardDatabase.Add(update, "domains", string.Join(',', domains));
        DashboardDatabase.Add(update, "hash", hash);
        var isNew = update.ExecuteNonQuery() == 0;
        if (isNew)
        {
            using var insert = Command(connection, "INSERT INTO web_users (name, role, domains, password_hash, created_ms) VALUES (@name, @role, @domains, @hash, @now);", transaction);
            DashboardDatabase.Add(insert, "name", name);
            DashboardDatabase.Add(insert, "role", role);
            DashboardDatabase.Add(insert, "domains", string.Join(',', domains));
            DashboardDatabase.Add(insert, "hash", hash);
            DashboardDatabase.Add(insert, "now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return isNew;
    }

    public WebUser? Find(string name) => Read(name)?.User;

    /// <summary>The user when <paramref name="password"/> is theirs; null otherwise (unknown name or wrong password alike).</summary>
    public WebUser? Check(string name, string password)
    {
        var found = Read(name);
        if (found is null)
        {
            // As slow as a real check, so a name cannot be told to exist by the time it takes.
            PasswordHasher.Verify(password, Decoy);
            return null;
        }

        return PasswordHasher.Verify(password, found.Value.Hash) ? found.Value.User : null;
    }

    public IReadOnlyList<WebUser> List()
    {
        using var connection = database.Open();
        using var command = Command(connection, "SELECT name, role, domains FROM web_users ORDER BY lower(name), name;");
        var list = new List<WebUser>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(User(r));
        }

        return list;
    }

    public bool Remove(string name)
    {
        using var connection = database.Open();
        using var command = Command(connection, $"DELETE FROM web_users WHERE {NameIs};");
        DashboardDatabase.Add(command, "name", name);
        return command.ExecuteNonQuery() > 0;
    }

    private static readonly string Decoy = PasswordHasher.Hash(Guid.NewGuid().ToString());

    private (WebUser User, string Hash)? Read(string name)
    {
        using var connection = database.Open();
        using var command = Command(connection, $"SELECT name, role, domains, password_hash FROM web_users WHERE {NameIs} LIMIT 1;");
        DashboardDatabase.Add(command, "name", name);
        using var r = command.ExecuteReader();
        return r.Read() ? (User(r), r.GetString(3)) : null;
    }

    private static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static WebUser User(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries));
}
