using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Store;

/// <summary>The real `vigil blocklist` on a store filled by `vigil store import`.</summary>
public sealed class BlocklistCommandTests
{
    [Fact]
    public void ListsOnlyRepeatedVirusSendersNeverALocalDomainOrTheNullSenderAndAppliesOnce()
    {
        using var dir = new Vigil.Testing.TempDir();
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var log = "";
        for (var i = 0; i < 3; i++)
        {
            log += StoreLog.Line(now.AddMinutes(-i), "virus", "virus:Win.Test.EICAR_HDB-1", "Bad@Evil.example", "u@local.example");
            log += StoreLog.Line(now.AddMinutes(-i), "virus", "virus:Win.Test.EICAR_HDB-1", "user@sub.local.example", "u@local.example");
            log += StoreLog.Line(now.AddMinutes(-i), "virus", "virus:Win.Test.EICAR_HDB-1", "<>", "u@local.example");
            log += StoreLog.Line(now.AddMinutes(-i), "clean", "-", "friend@clean.example", "u@local.example");
            log += StoreLog.Line(now.AddDays(-30), "virus", "virus:Win.Test.EICAR_HDB-1", "old@evil.example", "u@local.example");
        }

        log += StoreLog.Line(now, "virus", "virus:Win.Test.EICAR_HDB-1", "once@evil.example", "u@local.example");
        var file = dir.Write("vigil.log", log);
        var store = "sqlite:" + Path.Combine(dir.Path, "store.db");
        Assert.Equal(0, VigilProcess.Run(["store", "import", "--store", store, file]).ExitCode);
        var badmailfrom = dir.Write("badmailfrom", "already@listed.example\n");

        var dry = VigilProcess.Run(["blocklist", "--store", store, "--local", ".local.example"]);
        var apply = VigilProcess.Run(["blocklist", "--store", store, "--local", ".local.example", "--apply", "--badmailfrom", badmailfrom]);
        var again = VigilProcess.Run(["blocklist", "--store", store, "--local", ".local.example", "--apply", "--badmailfrom", badmailfrom]);
        var lower = VigilProcess.Run(["blocklist", "--store", store, "--local", ".local.example", "--min-hits", "1", "--days", "60"]);

        Assert.True(dry.ExitCode == 0, dry.Stderr);
        Assert.Equal(["bad@evil.example"], dry.Lines);
        Assert.Contains("bad@evil.example: 3 virus messages in 7 days", dry.Stderr, StringComparison.Ordinal);
        Assert.True(apply.ExitCode == 0, apply.Stderr);
        Assert.Equal($"added bad@evil.example to {badmailfrom}", Assert.Single(apply.Lines));
        Assert.Empty(again.Lines);
        Assert.Equal(["already@listed.example", "bad@evil.example"], File.ReadAllLines(badmailfrom));
        Assert.Equal(["bad@evil.example", "old@evil.example", "once@evil.example"], lower.Lines.Order(StringComparer.Ordinal));
    }
}
