namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// Writes one message into a Maildir (the quarantine's folders, the archive): a unique name from
/// <see cref="MaildirName"/>, written in tmp/, flushed to disk, renamed into new/, and new/ synced
/// with <see cref="DirectorySync"/>, so new/ never holds a half-written file. Directories are
/// created 0700 (03770 under a group-shared root, see <see cref="SharedDirectory"/>) and files 0600
/// (archived mail is as private as quarantined mail).
/// </summary>
public static class MaildirWriter
{
    /// <summary>
    /// Writes <paramref name="prefix"/> and then <paramref name="body"/> (to its end) as the message
    /// <paramref name="id"/> (from <see cref="MaildirName.Next"/>) in the Maildir
    /// <paramref name="maildir"/> (created with tmp/, new/, cur/ when missing). Throws when it
    /// cannot; nothing is then left in new/ or tmp/.
    /// </summary>
    public static async Task<MaildirFile> WriteAsync(string maildir, string id, ReadOnlyMemory<byte> prefix, Stream body, CancellationToken cancellationToken)
    {
        if (!MaildirName.IsValidId(id))
        {
            throw new ArgumentException($"'{id}' is not a Maildir name of ours", nameof(id));
        }

        Ensure(maildir);
        var tmp = Path.Combine(maildir, "tmp", id);
        var target = Path.Combine(maildir, "new", id);
        long size;
        try
        {
            await using (var file = new FileStream(tmp, CreateOptions()))
            {
                await file.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
                await body.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                size = file.Length;
            }

            File.Move(tmp, target);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }

        DirectorySync.Sync(Path.Combine(maildir, "new"));
        return new MaildirFile(id, target, size);
    }

    /// <summary>Creates the Maildir and its tmp/, new/ and cur/ (mode 0700, or 03770 under a shared root) when missing.</summary>
    public static void Ensure(string maildir)
    {
        CreatePrivate(maildir);
        foreach (var sub in (ReadOnlySpan<string>)["tmp", "new", "cur"])
        {
            CreatePrivate(Path.Combine(maildir, sub));
        }
    }

    private static void CreatePrivate(string dir) => SharedDirectory.Create(dir);

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
