using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Dispositions.Quarantine;

public class QuarantineCleanerTests
{
    private static readonly Verdict Virus = new([new Finding(FindingCategory.Virus, "Eicar-Test-Signature", "", "")]);

    [Fact]
    public async Task RemovesOnlyItsOwnOldMessagesAndStaleTmpFiles()
    {
        using var root = new QuarantineRoot();
        var now = DateTime.UtcNow;
        var store = new QuarantineStore(root.Path);
        var envelope = new Envelope("a@example.org", ["b@example.net"]);
        var raw = Encoding.ASCII.GetBytes("Subject: x\n\nbody\n");
        var old = await store.StoreAsync(new MemoryStream(raw), envelope, Virus, "viruses", CancellationToken.None);
        var fresh = await store.StoreAsync(new MemoryStream(raw), envelope, Virus, "viruses", CancellationToken.None);
        var oldRead = await store.StoreAsync(new MemoryStream(raw), envelope, Virus, "spam", CancellationToken.None);
        var oldReadPath = Path.Combine(root.Path, "spam", "cur", oldRead.Id + ":2,S");
        File.Move(oldRead.Path, oldReadPath);
        File.SetLastWriteTimeUtc(old.Path, now.AddDays(-15));
        File.SetLastWriteTimeUtc(oldReadPath, now.AddDays(-20));

        var staleTmp = Path.Combine(root.Path, "policy", "tmp", MaildirName.Next(DateTimeOffset.UtcNow));
        Directory.CreateDirectory(Path.GetDirectoryName(staleTmp)!);
        File.WriteAllText(staleTmp, "half");
        File.SetLastWriteTimeUtc(staleTmp, now.AddHours(-31));
        var busyTmp = Path.Combine(root.Path, "policy", "tmp", MaildirName.Next(DateTimeOffset.UtcNow));
        File.WriteAllText(busyTmp, "writing");
        File.SetLastWriteTimeUtc(busyTmp, now.AddHours(-29));

        var foreign = new[]
        {
            Path.Combine(root.Path, "viruses", "new", "README"),
            Path.Combine(root.Path, "viruses", "new", "1700000000.123.otherhost"),
            Path.Combine(root.Path, "viruses", "tmp", "notes.txt"),
            Path.Combine(root.Path, "other", "new", MaildirName.Next(DateTimeOffset.UtcNow)),
        };
        foreach (var f in foreign)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(f)!);
            File.WriteAllText(f, "not vigil's");
            File.SetLastWriteTimeUtc(f, now.AddDays(-100));
        }

        File.SetLastWriteTimeUtc(store.Log.FilePath, now.AddDays(-100));
        var outside = Path.Combine(root.Path, "outside.txt");
        File.WriteAllText(outside, "keep me");
        var link = Path.Combine(root.Path, "viruses", "new", MaildirName.Next(DateTimeOffset.UtcNow));
        File.CreateSymbolicLink(link, outside);
        File.SetLastWriteTimeUtc(outside, now.AddDays(-100));

        var result = new QuarantineCleaner(root.Path).Clean(QuarantineCleaner.DefaultRetention, QuarantineCleaner.StaleTmpAge, now);

        Assert.Equal(new[] { old.Path, oldReadPath, staleTmp }.Order(), result.Removed.Order());
        Assert.Empty(result.Failed);
        Assert.True(File.Exists(fresh.Path));
        Assert.True(File.Exists(busyTmp));
        Assert.All(foreign, f => Assert.True(File.Exists(f), f));
        Assert.True(File.Exists(store.Log.FilePath));
        Assert.True(File.Exists(link));
        Assert.Equal("keep me", File.ReadAllText(outside));
        Assert.Equal([fresh.Id], store.List().Select(r => r.Id));
    }

    [Fact]
    public async Task TheRetentionIsConfigurable()
    {
        using var root = new QuarantineRoot();
        var store = new QuarantineStore(root.Path);
        var record = await store.StoreAsync(new MemoryStream([1, 2, 3]), Envelope.Unknown, Virus, "viruses", CancellationToken.None);
        File.SetLastWriteTimeUtc(record.Path, DateTime.UtcNow.AddDays(-3));
        var cleaner = new QuarantineCleaner(root.Path);
        Assert.Empty(cleaner.Clean(TimeSpan.FromDays(4), QuarantineCleaner.StaleTmpAge, DateTime.UtcNow).Removed);
        Assert.Equal([record.Path], cleaner.Clean(TimeSpan.FromDays(2), QuarantineCleaner.StaleTmpAge, DateTime.UtcNow).Removed);
    }

    [Fact]
    public void AMissingRootRemovesNothing()
    {
        var result = new QuarantineCleaner(Path.Combine(Path.GetTempPath(), "vigil-none-" + Guid.NewGuid().ToString("N"))).Clean(TimeSpan.Zero, TimeSpan.Zero, DateTime.UtcNow);
        Assert.Empty(result.Removed);
        Assert.Empty(result.Failed);
    }
}
