using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Who Vigil's own mail (notifications) says it is from when `respmail` names nobody, read the way
/// an admin's old files mean it:
/// <list type="bullet">
/// <item>QMVC: `me` is the originator's name and `defaulthost` the host (FAQ 4.1), so `me` = `qmvc`
/// and `defaulthost` = `gw.example.org` give `qmvc@gw.example.org`;</item>
/// <item>qmail: `me` is this host's name (it holds a dot), so `me` = `gw.example.org` gives
/// `postmaster@gw.example.org`;</item>
/// <item>nothing in Vigil's control directory: qmail's own control/me, else control/defaulthost
/// (with control/defaultdomain appended when it has no dot), as qmail-inject would name this host;
/// qmail's directory is the one beside the qmail-queue Vigil hands mail to;</item>
/// <item>else the machine's host name.</item>
/// </list>
/// </summary>
public sealed record NotifierIdentity(string LocalPart, string Host)
{
    public const string DefaultLocalPart = "postmaster";

    public string Address => LocalPart + "@" + Host;

    /// <param name="qmailControl">qmail's control directory (e.g. /var/qmail/control); null to skip it.</param>
    /// <param name="machineHostName">The last resort; null asks the system.</param>
    public static NotifierIdentity Resolve(ControlLayers layers, string? qmailControl, ConfigReport report, Func<string> machineHostName)
    {
        var me = FirstLine(layers, NotificationSettings.MeFile, report);
        var defaultHost = FirstLine(layers, NotificationSettings.DefaultHostFile, report);
        var meIsHost = me is not null && me.Contains('.', StringComparison.Ordinal);
        var originator = me is not null && !meIsHost && IsLocalPart(me) ? me : null;
        if (me is not null && !meIsHost && originator is null)
        {
            report.Warning(NotificationSettings.MeFile, $"'{HeaderText.Sanitize(me, 80)}' is neither a host name nor a plain originator name; ignored");
        }

        var host = defaultHost ?? (meIsHost ? me : null) ?? QmailHost(qmailControl) ?? machineHostName();
        return new NotifierIdentity(originator ?? DefaultLocalPart, host);
    }

    /// <summary>qmail's name for this host: control/me, else control/defaulthost (+ "." + defaultdomain when it has no dot).</summary>
    public static string? QmailHost(string? qmailControl)
    {
        if (qmailControl is null)
        {
            return null;
        }

        if (ReadFirstLine(Path.Combine(qmailControl, "me")) is { } me)
        {
            return me;
        }

        if (ReadFirstLine(Path.Combine(qmailControl, "defaulthost")) is not { } host)
        {
            return null;
        }

        return !host.Contains('.', StringComparison.Ordinal) && ReadFirstLine(Path.Combine(qmailControl, "defaultdomain")) is { } domain
            ? host + "." + domain
            : host;
    }

    private static bool IsLocalPart(string s) =>
        s.Length <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '=');

    private static string? FirstLine(ControlLayers layers, string name, ConfigReport report)
    {
        var lines = ControlFileReader.Read(layers, name, report).Lines;
        return lines.Count > 0 ? lines[0].Text : null;
    }

    /// <summary>The first line of a file of qmail's, trimmed; null when absent, unreadable, empty or not a plain host name.</summary>
    private static string? ReadFirstLine(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[256];
            var n = reader.ReadBlock(buffer, 0, buffer.Length);
            var text = new string(buffer, 0, n);
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            var line = (end < 0 ? text : text[..end]).Trim();
            return line.Length > 0 && line.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') ? line : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
