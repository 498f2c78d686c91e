namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Looks at what a profile's control directories hold besides what Vigil reads: a file copied
/// over from QMVC or Qmail-Scanner under its old name, or one Vigil does not read at all, is a
/// warning (`vigil config check`, and once per run in a door's log). A silently ignored policy
/// file is a security hole: the admin believes a rule is in force that is not.
/// </summary>
public static class ControlDirectoryAudit
{
    /// <summary>Seed files Vigil knows but does not read, and why.</summary>
    private static readonly Dictionary<string, string> KnownUnread = new(StringComparer.Ordinal)
    {
        ["quarantine-attachments.db"] = "Qmail-Scanner's compiled table (qmail-scanner-queue.pl -g): ignored, Vigil reads quarantine-attachments.txt itself",
        ["tpl"] = "QMVC's template directory: ignored inside control/, Vigil reads control/templates/<lang>/<kind>-<audience>.txt or tpl/<lang>/... beside control/ (see docs/MIGRATING.md)",
    };

    /// <summary>Every warning for the directories of <paramref name="layers"/>, given the names Vigil reads there.</summary>
    /// <param name="known">File and directory names some part of Vigil reads from a control directory.</param>
    public static List<ConfigMessage> Find(ControlLayers layers, IReadOnlySet<string> known)
    {
        var messages = new List<ConfigMessage>();
        foreach (var dir in layers.Directories)
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // A missing or unreadable directory is reported by the loader.
            }

            foreach (var path in entries)
            {
                var name = Path.GetFileName(path);
                if (known.Contains(name) || IsEditorLeftover(name))
                {
                    continue;
                }

                var text = SeedNameMessage(dir, name)
                    ?? (KnownUnread.TryGetValue(name, out var why) ? why : null)
                    ?? "not a file Vigil reads: ignored (a typo? see docs/CONFIGURATION.md and docs/MIGRATING.md)";
                messages.Add(new ConfigMessage(ConfigMessageLevel.Warning, path, 0, text));
            }
        }

        return messages;
    }

    private static string? SeedNameMessage(string dir, string name)
    {
        foreach (var (own, seed) in ControlFileNames.SeedNames)
        {
            if (seed.Name == name)
            {
                return File.Exists(Path.Combine(dir, own))
                    ? $"{seed.System}'s name for {own}, ignored: {own} in the same directory is read instead (merge the two)"
                    : $"{seed.System}'s name for {own}: read as {own} (rename it to silence this)";
            }
        }

        return null;
    }

    /// <summary>Dot files and editors' or package managers' copies, which nobody expects to be read.</summary>
    private static bool IsEditorLeftover(string name) =>
        name.StartsWith('.') || name.EndsWith('~') ||
        name.EndsWith(".bak", StringComparison.Ordinal) || name.EndsWith(".orig", StringComparison.Ordinal) ||
        name.EndsWith(".swp", StringComparison.Ordinal) || name.EndsWith(".rpmnew", StringComparison.Ordinal) ||
        name.EndsWith(".rpmsave", StringComparison.Ordinal) || name.Contains(".dpkg-", StringComparison.Ordinal);
}
