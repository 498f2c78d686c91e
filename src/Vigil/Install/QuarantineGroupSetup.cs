using System.Runtime.InteropServices;
using System.Text;
using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Install;

/// <summary>
/// `vigil install --qmail --apply`: makes the quarantine writable by both qmail doors (see
/// <see cref="SharedDirectory"/>): the root, viruses/ policy/ spam/ and their tmp/ new/ cur/ get
/// the group (`--group`, default `vigil`) and mode 03770, quarantine.log the group and 0660. The
/// group comes from /etc/group; when it is missing nothing is changed and the commands that create
/// it are printed. Existing message files are left as they are.
/// </summary>
public static unsafe class QuarantineGroupSetup
{
    public const string DefaultGroup = "vigil";
    private const int MaxGroupFileBytes = 4 * 1024 * 1024;

    /// <summary>Applies the ownership under the staged root; returns the number of failed steps.</summary>
    public static int Apply(string stagedRoot, string group, TextWriter report)
    {
        if (OperatingSystem.IsWindows())
        {
            return 0;
        }

        if (GroupId(group) is not { } gid)
        {
            report.WriteLine($"note    group {group} does not exist: the quarantine stays private to the first door that writes it. Create it and run install again:");
            report.WriteLine($"          groupadd {group}; usermod -a -G {group} qmaild   # and each user whose .qmail runs vigil deliver");
            return 0;
        }

        var failures = 0;
        var dirs = new List<string> { stagedRoot };
        foreach (var folder in QuarantineFolder.All)
        {
            dirs.Add(Path.Combine(stagedRoot, folder));
            dirs.AddRange(new[] { "tmp", "new", "cur" }.Select(sub => Path.Combine(stagedRoot, folder, sub)));
        }

        foreach (var dir in dirs)
        {
            try
            {
                Directory.CreateDirectory(dir);
                failures += Chgrp(dir, gid, report);
                File.SetUnixFileMode(dir, SharedDirectory.SharedMode);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                report.WriteLine($"FAILED  {dir}/: {e.Message}");
                failures++;
            }
        }

        var log = Path.Combine(stagedRoot, QuarantineLog.FileName);
        try
        {
            using (new FileStream(log, FileMode.OpenOrCreate, FileAccess.Write))
            {
            }

            failures += Chgrp(log, gid, report);
            File.SetUnixFileMode(log, SharedDirectory.SharedFileMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.WriteLine($"FAILED  {log}: {e.Message}");
            failures++;
        }

        if (failures == 0)
        {
            report.WriteLine($"shared  {stagedRoot}/ (group {group}, 03770: setgid and sticky; quarantine.log 0660): vigil queue (qmaild) and vigil deliver (users) both write it once they are in group {group}");
        }

        return failures;
    }

    /// <summary>The id of <paramref name="group"/> in /etc/group; null when absent or unreadable.</summary>
    public static int? GroupId(string group, string groupFile = "/etc/group")
    {
        try
        {
            using var stream = new FileStream(groupFile, FileMode.Open, FileAccess.Read);
            var buffer = new byte[(int)Math.Min(stream.Length, MaxGroupFileBytes)];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            foreach (var line in Encoding.UTF8.GetString(buffer, 0, n).Split('\n'))
            {
                var f = line.Split(':');
                if (f.Length >= 3 && f[0] == group && int.TryParse(f[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var gid))
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

    private static int Chgrp(string path, int gid, TextWriter report)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int rc;
        fixed (byte* p = bytes)
        {
            rc = NativeChown(p, -1, gid);
        }

        if (rc == 0)
        {
            return 0;
        }

        report.WriteLine($"FAILED  chgrp {path}: errno {Marshal.GetLastPInvokeError()} (run as root)");
        return 1;
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeChown(byte* path, int owner, int group);
}
