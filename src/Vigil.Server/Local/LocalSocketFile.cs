using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Server.Local;

/// <summary>
/// The socket file's access: mode 0660 (owner and group may connect, nobody else) and the group
/// the qmail doors run in (`socketgroup=` / --socket-group: a name from /etc/group or a number).
/// Applied right after Kestrel binds the socket; until then the directory's own permissions
/// guard it (docs/GATEWAY.md: keep it in a directory only Vigil and qmail can enter).
/// </summary>
public static class LocalSocketFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>Sets the mode and group; the problems (none when all went well).</summary>
    public static List<string> Apply(string path, string? group)
    {
        var problems = new List<string>();
        if (OperatingSystem.IsWindows())
        {
            return problems;
        }

        try
        {
            File.SetUnixFileMode(path, Mode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot set mode 0660: {e.Message}");
        }

        if (group is { Length: > 0 })
        {
            if (GroupId(group) is not { } gid)
            {
                problems.Add($"group '{group}' not found in /etc/group");
            }
            else if (Chown(NulTerminated(path), -1, gid) != 0)
            {
                problems.Add($"cannot give it to group '{group}' (gid {gid}): errno {Marshal.GetLastPInvokeError()}");
            }
        }

        return problems;
    }

    /// <summary>
    /// Removes a socket file a daemon that died left behind (nobody accepts on it), so the bind
    /// does not fail; a live daemon's socket or a file that is no socket is left alone (null);
    /// otherwise what stands in the way.
    /// </summary>
    public static string? RemoveStale(string path)
    {
        if (Directory.Exists(path))
        {
            return $"{path} is a directory";
        }

        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            // open(2) of a unix socket fails (ENXIO); a file that opens is no socket of ours.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            return $"{path} exists and is not a socket";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return $"{path}: another daemon answers on it";
        }
        catch (SocketException)
        {
            File.Delete(path);
            return null;
        }
    }

    /// <summary>The group's id: a number as given, else the name's line in /etc/group.</summary>
    public static int? GroupId(string group)
    {
        if (int.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        try
        {
            foreach (var line in File.ReadLines("/etc/group"))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && fields[0] == group && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
                {
                    return gid;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static byte[] NulTerminated(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Chown(byte[] path, int owner, int group);
}
