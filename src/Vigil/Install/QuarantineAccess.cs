using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Policy.Control;

namespace Vigil.Install;

/// <summary>
/// `vigil config check`: can the doors write the quarantine? The user running the check must be
/// able to create a file in each folder's tmp/ (a probe file, removed at once), and a quarantine
/// that is not group-shared (setgid, group-writable: see <see cref="SharedDirectory"/>) is written
/// only by its owner, so the other qmail door (qmaild for `vigil queue`, the users for `vigil
/// deliver`) would defer every blocked mail.
/// </summary>
public static class QuarantineAccess
{
    public static IReadOnlyList<(ConfigMessageLevel Level, string Message)> Check(string root)
    {
        var problems = new List<(ConfigMessageLevel, string)>();
        if (OperatingSystem.IsWindows())
        {
            return problems;
        }

        if (!Directory.Exists(root))
        {
            problems.Add((ConfigMessageLevel.Warning, $"quarantine {root} does not exist: the first door that blocks a message creates it private (0700) to its user, and the other qmail door then cannot write it; `vigil install --qmail --apply` creates it shared by group {QuarantineGroupSetup.DefaultGroup}"));
            return problems;
        }

        if (!SharedDirectory.IsShared(root) || (File.GetUnixFileMode(root) & UnixFileMode.GroupWrite) == 0)
        {
            problems.Add((ConfigMessageLevel.Warning, $"quarantine {root} is not shared by a group (mode {Octal(File.GetUnixFileMode(root))}, wanted 3770 with a group qmaild and the dot-qmail users are in): only its owner can write it, so one of the qmail doors (vigil queue as qmaild, vigil deliver as the user) defers every blocked mail; `vigil install --qmail --apply` sets it up"));
        }

        foreach (var folder in QuarantineFolder.All)
        {
            var dir = Path.Combine(root, folder);
            var target = Directory.Exists(Path.Combine(dir, "tmp")) ? Path.Combine(dir, "tmp") : Directory.Exists(dir) ? dir : root;
            if (Probe(target) is { } why)
            {
                problems.Add((ConfigMessageLevel.Error, $"quarantine {dir}: this user ({Environment.UserName}) cannot write it ({why}): a door running as this user defers every {folder} mail"));
            }
        }

        return problems;
    }

    private static string? Probe(string dir)
    {
        var path = Path.Combine(dir, ".vigil-config-check-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using (new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
            }

            File.Delete(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8);
}
