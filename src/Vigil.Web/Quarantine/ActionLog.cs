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
            VALUES (@time, @user, @action, @id, @outcome, @detail, @ip);
            """;
        DashboardDatabase.Add(command, "time", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        DashboardDatabase.Add(command, "user", user);
        DashboardDatabase.Add(command, "action", action);
        DashboardDatabase.Add(command, "id", quarantineId);
        DashboardDatabase.Add(command, "outcome", outcome);
        DashboardDatabase.Add(command, "detail", detail);
        DashboardDatabase.Add(command, "ip", clientIp);
        command.ExecuteNonQuery();
    }

    /// <summary>The actions on one quarantined message, oldest first.</summary>
    public IReadOnlyList<ActionEntry> For(string quarantineId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT time_ms, user_name, action, outcome, detail FROM web_actions WHERE quarantine_id = @id ORDER BY id LIMIT 200;";
        DashboardDatabase.Add(command, "id", quarantineId);
        var list = new List<ActionEntry>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(new ActionEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return list;
    }
}
