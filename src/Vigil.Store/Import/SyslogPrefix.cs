namespace Vigil.Store.Import;

/// <summary>The "Mmm dd hh:mm:ss host TAG[PID]: " in front of a line syslog wrote.</summary>
internal static class SyslogPrefix
{
    /// <summary>Splits a syslog line of <paramref name="tag"/> into its date, host and message; false for any other line.</summary>
    public static bool TryStrip(string line, string tag, out string host, out string message) =>
        TryStrip(line, tag, out _, out host, out message);

    public static bool TryStrip(string line, string tag, out string date, out string host, out string message)
    {
        date = host = message = "";
        var marker = " " + tag + "[";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at < 16)
        {
            return false;
        }

        var close = line.IndexOf("]: ", at, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        // "Aug 14 16:22:41 srvname": the date is the first three words, the host the fourth.
        var head = line[..at].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (head.Length != 4)
        {
            return false;
        }

        date = string.Join(' ', head[..3]);
        host = head[3];
        message = line[(close + 3)..];
        return true;
    }
}
