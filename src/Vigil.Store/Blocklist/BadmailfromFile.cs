namespace Vigil.Store.Blocklist;

/// <summary>
/// qmail's control/badmailfrom: one address (or "@domain") per line. Adding writes a new file
/// beside it and renames it over the old one, so qmail-smtpd never reads half a file; lines
/// already there (any case) are kept and not added again.
/// </summary>
public static class BadmailfromFile
{
    /// <summary>The entries added (those not there before); throws IOException when the file cannot be written.</summary>
    public static IReadOnlyList<string> Add(string path, IReadOnlyList<string> addresses)
    {
        var existing = File.Exists(path) ? File.ReadAllLines(path) : [];
        var present = new HashSet<string>(existing.Select(l => l.Trim()), StringComparer.OrdinalIgnoreCase);
        var added = addresses.Where(a => present.Add(a)).ToList();
        if (added.Count == 0)
        {
            return added;
        }

        var temp = path + ".vigil-new";
        File.WriteAllLines(temp, existing.Concat(added));
        if (File.Exists(path) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        }

        File.Move(temp, path, overwrite: true);
        return added;
    }
}
