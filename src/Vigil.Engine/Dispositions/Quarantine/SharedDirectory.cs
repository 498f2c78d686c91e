namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// The quarantine shared by the two qmail doors: `vigil queue` runs as qmaild, `vigil deliver` as
/// the user whose .qmail runs it. `vigil install --qmail --apply` makes the quarantine root
/// group-owned (group `vigil`, which qmaild and those users join) with mode 03770: setgid, so what
/// is created inside keeps the group, and sticky, so a door cannot remove another's files. Inside
/// a root like that the doors create their directories 03770 too (whatever the umask) and
/// quarantine.log 0660; message files stay 0600 (a user never reads another user's mail). Under a
/// root without the setgid bit everything stays private to the door's user (0700, 0600).
/// </summary>
public static class SharedDirectory
{
    public const UnixFileMode SharedMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.SetGroup | UnixFileMode.StickyBit;

    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode SharedFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>True when <paramref name="dir"/> exists with the setgid bit: the doors share it through its group.</summary>
    public static bool IsShared(string? dir)
    {
        if (OperatingSystem.IsWindows() || dir is null)
        {
            return false;
        }

        try
        {
            return Directory.Exists(dir) && (File.GetUnixFileMode(dir) & UnixFileMode.SetGroup) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Creates <paramref name="dir"/> when missing: 03770 inside a shared parent, else 0700.</summary>
    public static void Create(string dir)
    {
        if (Directory.Exists(dir))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
            return;
        }

        if (IsShared(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(dir))))
        {
            Directory.CreateDirectory(dir);

            // mkdir's mode goes through the umask; the group must keep its write bit.
            File.SetUnixFileMode(dir, SharedMode);
        }
        else
        {
            Directory.CreateDirectory(dir, PrivateMode);
        }
    }

    /// <summary>After creating <paramref name="file"/> in a shared directory, gives its group write access (quarantine.log).</summary>
    public static void ShareFile(string file)
    {
        if (OperatingSystem.IsWindows() || !IsShared(Path.GetDirectoryName(file)))
        {
            return;
        }

        try
        {
            if ((File.GetUnixFileMode(file) & UnixFileMode.GroupWrite) == 0)
            {
                File.SetUnixFileMode(file, SharedFileMode);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not ours to change (another door created it): its mode is that door's business.
        }
    }
}
