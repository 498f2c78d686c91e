namespace Vigil.Tests.Doors;

/// <summary>What a killed door leaves behind (its private work directory) and how cleanup removes it.</summary>
public sealed class CrashLeftoverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vigil-leftover-test-").FullName;

    [Fact]
    public void CleanupRemovesOnlyOldDoorWorkDirectoriesAndNothingElse()
    {
        var now = DateTime.UtcNow;
        var old = now - TimeSpan.FromHours(31);
        var stale = Make("vigil-queue-Ab3xY9", old);
        File.WriteAllText(Path.Combine(stale, "spool"), "a spooled message");
        Directory.SetLastWriteTimeUtc(stale, old);
        var staleDeliver = Make("vigil-deliver-q1W2e3", old);
        var fresh = Make("vigil-queue-Zz9Zz9", now - TimeSpan.FromHours(2));
        var wrongLength = Make("vigil-queue-Ab3xY9x", old);
        var notOurs = Make("other-queue-Ab3xY9", old);
        var file = Path.Combine(_root, "vigil-queue-File01");
        File.WriteAllText(file, "not a directory");
        File.SetLastWriteTimeUtc(file, old);

        var (removed, failed) = Vigil.Doors.StaleWorkDirectories.Clean(_root, TimeSpan.FromHours(30), now);

        Assert.Empty(failed);
        Assert.Equal([staleDeliver, stale], removed.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(stale));
        Assert.False(Directory.Exists(staleDeliver));
        Assert.True(Directory.Exists(fresh));
        Assert.True(Directory.Exists(wrongLength));
        Assert.True(Directory.Exists(notOurs));
        Assert.True(File.Exists(file));
    }

    [Fact]
    public void CleanupNeverFollowsASymbolicLinkNamedLikeAWorkDirectory()
    {
        var now = DateTime.UtcNow;
        var target = Make("precious", now);
        File.WriteAllText(Path.Combine(target, "keep"), "keep me");
        var link = Path.Combine(_root, "vigil-queue-LiNk01");
        Directory.CreateSymbolicLink(link, target);

        var (removed, _) = Vigil.Doors.StaleWorkDirectories.Clean(_root, TimeSpan.Zero, now + TimeSpan.FromDays(2));

        Assert.DoesNotContain(link, removed);
        Assert.True(File.Exists(Path.Combine(target, "keep")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Make(string name, DateTime lastWriteUtc)
    {
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        Directory.SetLastWriteTimeUtc(dir, lastWriteUtc);
        return dir;
    }
}
