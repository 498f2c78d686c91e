namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// The quarantine's release lock: the file `.release.lock` in the quarantine root, opened with
/// FileShare.None, which .NET holds as an advisory flock(2) — one holder at a time across every
/// process and within one (each open is its own lock). Releases are rare and short, so one lock
/// for the whole quarantine is enough; a waiter polls until it is free or it is cancelled. The
/// file stays (empty) and is never removed, so no waiter can lock a file that is being unlinked.
/// </summary>
public sealed class ReleaseLock : IDisposable
{
    public const string FileName = ".release.lock";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private readonly FileStream _file;

    private ReleaseLock(FileStream file)
    {
        _file = file;
    }

    /// <summary>Waits for the lock of the quarantine at <paramref name="root"/>.</summary>
    public static async Task<ReleaseLock> AcquireAsync(string root, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, FileName);
        while (true)
        {
            try
            {
                return new ReleaseLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another release (here or in another process): wait for it.
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
