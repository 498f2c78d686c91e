using Microsoft.Data.Sqlite;

namespace Vigil.Web.Users;

/// <summary>The dashboard's users in `web_users`: added (or their password and role replaced), found, checked, listed, removed.</summary>
public sealed class UserStore(DashboardDatabase database)
{
    /// <summary>Adds the user, or replaces the role, domains and password of one by that name; true when it was new.</summary>
    public bool Set(string name, string role, IReadOnlyList<string> domains, string password)
    {
        using var connection = database.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM web_users WHERE name = $name;";
        exists.Parameters.AddWithValue("$name", name);
        var isNew = Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0;
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO web_users (name, role, domains, password_hash, created_ms) VALUES ($name, $role, $domains, $hash, $now)
            ON CONFLICT (name) DO UPDATE SET role = excluded.role, domains = excluded.domains, password_hash = excluded.password_hash;
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$role", role);
        command.Parameters.AddWithValue("$domains", string.Join(',', domains));
        command.Parameters.AddWithValue("$hash", PasswordHasher.Hash(password));
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
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
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, role, domains FROM web_users ORDER BY name;";
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
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM web_users WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() > 0;
    }

    private static readonly string Decoy = PasswordHasher.Hash(Guid.NewGuid().ToString());

    private (WebUser User, string Hash)? Read(string name)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, role, domains, password_hash FROM web_users WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        using var r = command.ExecuteReader();
        return r.Read() ? (User(r), r.GetString(3)) : null;
    }

    private static WebUser User(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries));
}
