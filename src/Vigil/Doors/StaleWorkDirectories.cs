namespace Vigil.Doors;

/// <summary>
/// The doors' private work directories (`vigil-queue-XXXXXX`, `vigil-deliver-XXXXXX` in the temp
/// directory: the spooled message, mode 0700) that a door killed by a signal never removed. A
/// kill -9 runs no finally block, so only a later run can clean them: `vigil cleanup` removes
/// those older than the stale age. Only directories whose name is exactly what
/// Directory.CreateTempSubdirectory made for a door (the prefix and six letters or digits) are
/// touched, never a symbolic link, never anything else.
/// </summary>
public static class StaleWorkDirectories
{
    private static readonly string[] Prefixes = ["vigil-queue-", "vigil-deliver-"];

    /// <summary>Removes the stale work directories directly under <paramref name="tempRoot"/>; returns what was removed and what could not be.</summary>
    public static (IReadOnlyList<string> Removed, IReadOnlyList<string> Failed) Clean(string tempRoot, TimeSpan age, DateTime nowUtc)
    {
        var removed = new List<string>();
        var failed = new List<string>();
        if (!Directory.Exists(tempRoot))
        {
            return (removed, failed);
        }

        foreach (var dir in new DirectoryInfo(tempRoot).EnumerateDirectories())
        {
            if (!IsDoorWorkName(dir.Name) || dir.Attributes.HasFlag(FileAttributes.ReparsePoint) || nowUtc - dir.LastWriteTimeUtc < age)
            {
                continue;
            }

            try
            {
                dir.Delete(recursive: true);
                removed.Add(dir.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed.Add($"{dir.FullName}: {e.Message}"); // another user's, or in use
            }
        }

        return (removed, failed);
    }

    /// <summary>True for a door's prefix followed by exactly six ASCII letters or digits.</summary>
    public static bool IsDoorWorkName(string name)
    {
        foreach (var prefix in Prefixes)
        {
            if (name.Length == prefix.Length + 6 && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                foreach (var c in name.AsSpan(prefix.Length))
                {
                    if (!char.IsAsciiLetterOrDigit(c))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }
}
