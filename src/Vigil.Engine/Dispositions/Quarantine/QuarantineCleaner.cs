namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// `vigil cleanup` (Qmail-Scanner's -z): removes quarantined messages (new/ and cur/) older than
/// the retention, and files left in tmp/ by an interrupted write older than 30 hours. It touches
/// only regular files in the known folders whose names are Vigil's Maildir names
/// (<see cref="MaildirName"/>): a file someone else put there, a symbolic link, a directory, or
/// quarantine.log is never removed. Age is the file's modification time.
/// </summary>
public sealed class QuarantineCleaner
{
    /// <summary>Qmail-Scanner's retention.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(14);

    /// <summary>A write takes seconds; a tmp/ file this old is left by a crash.</summary>
    public static readonly TimeSpan StaleTmpAge = TimeSpan.FromHours(30);

    public QuarantineCleaner(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>Removes what is older than the limits at <paramref name="nowUtc"/>; returns every file removed and every failure.</summary>
    public CleanupResult Clean(TimeSpan retention, TimeSpan staleTmpAge, DateTime nowUtc)
    {
        var removed = new List<string>();
        var failed = new List<string>();
        foreach (var folder in QuarantineFolder.All)
        {
            Sweep(Path.Combine(Root, folder, "new"), nowUtc - retention, removed, failed);
            Sweep(Path.Combine(Root, folder, "cur"), nowUtc - retention, removed, failed);
            Sweep(Path.Combine(Root, folder, "tmp"), nowUtc - staleTmpAge, removed, failed);
        }

        return new CleanupResult(removed, failed);
    }

    private static void Sweep(string dir, DateTime olderThanUtc, List<string> removed, List<string> failed)
    {
        if (!Directory.Exists(dir) || new DirectoryInfo(dir).LinkTarget is not null)
        {
            return;
        }

        foreach (var file in new DirectoryInfo(dir).EnumerateFiles())
        {
            if (!MaildirName.TryParseFileName(file.Name, out _, out _)
                || file.LinkTarget is not null
                || (file.Attributes & (FileAttributes.ReparsePoint | FileAttributes.Directory)) != 0
                || file.LastWriteTimeUtc >= olderThanUtc)
            {
                continue;
            }

            try
            {
                file.Delete();
                removed.Add(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed.Add($"{file.FullName}: {e.Message}");
            }
        }
    }
}
