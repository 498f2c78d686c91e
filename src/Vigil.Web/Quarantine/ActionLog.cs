using Vigil.Web.Users;

namespace Vigil.Web.Quarantine;

/// <summary>`web_actions`: each release and delete done through the dashboard, with who, when, from where and how it went.</summary>
public sealed class ActionLog(DashboardDatabase database)
{
    public void Record(string user, string action, string quarantineId, string outcome, string detail, string? clientIp)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO web_actions (time_ms, user_name, action, quarantine_id, outcome, detail, client_ip)
            VALUES ($time, $user, $action, $id, $outcome, $detail, $ip);
            """;
        command.Parameters.AddWithValue("$time", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$user", user);
        command.Parameters.AddWithValue("$action", action);
        command.Parameters.AddWithValue("$id", quarantineId);
        command.Parameters.AddWithValue("$outcome", outcome);
        command.Parameters.AddWithValue("$detail", detail);
        command.Parameters.AddWithValue("$ip", (object?)clientIp ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>The actions on one quarantined message, oldest first.</summary>
    public IReadOnlyList<ActionEntry> For(string quarantineId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT time_ms, user_name, action, outcome, detail FROM web_actions WHERE quarantine_id = $id ORDER BY id LIMIT 200;";
        command.Parameters.AddWithValue("$id", quarantineId);
        var list = new List<ActionEntry>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(new ActionEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return list;
    }
}
