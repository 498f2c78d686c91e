using Vigil.Engine.Policy;

namespace Vigil.Engine.Tests.Policy;

public sealed class PolicyProviderTests
{
    [Fact]
    public void UnchangedFilesAreNotReloaded()
    {
        using var dir = new TempControlDirectory().Write("badsubjects", "lottery\n");
        var provider = new PolicyProvider(dir.Path);

        var first = provider.Current;
        var second = provider.Current;

        Assert.Same(first, second);
        Assert.Equal(1, provider.LoadCount);
    }

    [Fact]
    public void ModificationTimeChangeIsPickedUpByTheNextMessage()
    {
        using var dir = new TempControlDirectory().Write("badsubjects", "lottery\n");
        var provider = new PolicyProvider(dir.Path);
        var scanner = new PolicyEvaluator(provider);
        using var message = new TestMessage("casino bonus");
        var stamp = File.GetLastWriteTimeUtc(dir.FilePath("badsubjects"));

        Assert.Empty(scanner.Evaluate(message.Analysis()));

        // Same length, so only the modification time tells the provider the file changed.
        dir.Write("badsubjects", "casino\n");
        File.SetLastWriteTimeUtc(dir.FilePath("badsubjects"), stamp.AddSeconds(5));

        Assert.Equal(["badsubjects:casino"], scanner.Evaluate(message.Analysis()).Rules());
        Assert.Equal(2, provider.LoadCount);
    }

    [Fact]
    public void FileAppearingOrDisappearingIsPickedUp()
    {
        using var dir = new TempControlDirectory();
        var provider = new PolicyProvider(dir.Path);

        Assert.Empty(provider.Current.BadFileNames);
        dir.Write("badfilenames", "\\.zip$\n");
        Assert.Single(provider.Current.BadFileNames);
        File.Delete(dir.FilePath("badfilenames"));
        Assert.Empty(provider.Current.BadFileNames);
        Assert.Equal(3, provider.LoadCount);
    }

    [Fact]
    public void AFileAppearingInALongUnchangedDirectoryIsPickedUp()
    {
        // The directory last changed an hour ago: the provider then stats only the files that
        // exist (and the directory), and a new file must still be seen by its directory's new time.
        using var dir = new TempControlDirectory().Write("badsubjects", "lottery\n");
        Directory.SetLastWriteTimeUtc(dir.Path, DateTime.UtcNow.AddHours(-1));
        var provider = new PolicyProvider(dir.Path);

        Assert.Empty(provider.Current.BadFileNames);
        Assert.Empty(provider.Current.BadFileNames);
        dir.Write("badfilenames", "\\.zip$\n");

        Assert.Single(provider.Current.BadFileNames);
        Assert.Equal(2, provider.LoadCount);
        File.Delete(dir.FilePath("badsubjects"));
        // Back to the built-in list, without our line.
        Assert.DoesNotContain(provider.Current.BadSubjects, r => r.Pattern == "lottery");
        Assert.Equal(3, provider.LoadCount);
    }

    [Fact]
    public void AFileThatIsNoControlFileWrittenBesideThemReloadsNothing()
    {
        using var dir = new TempControlDirectory().Write("badsubjects", "lottery\n");
        Directory.SetLastWriteTimeUtc(dir.Path, DateTime.UtcNow.AddHours(-1));
        var provider = new PolicyProvider(dir.Path);
        var first = provider.Current;

        // An editor's swap file comes and goes: the directory's time changes, no control file does.
        dir.Write(".badsubjects.swp", "x");
        Assert.Same(first, provider.Current);
        File.Delete(dir.FilePath(".badsubjects.swp"));
        Assert.Same(first, provider.Current);
        Assert.Equal(1, provider.LoadCount);

        dir.Write("badfilenames", "\\.exe$\n");
        Assert.Single(provider.Current.BadFileNames);
        Assert.Equal(2, provider.LoadCount);
    }

    [Fact]
    public void ProfileOverlayReplacesOnlyTheFilesItHolds()
    {
        using var system = new TempControlDirectory()
            .Write("badsubjects", "lottery\n")
            .Write("badfilenames", "\\.zip$\n\\.rar$\n");
        using var user = new TempControlDirectory().Write("badfilenames", "\\.iso$\n");
        var baseProvider = new PolicyProvider(system.Path);

        var profile = baseProvider.ForProfile(user.Path).Current;

        Assert.Equal(["\\.iso$"], profile.BadFileNames.Select(r => r.Pattern));
        Assert.Equal(["lottery"], profile.BadSubjects.Select(r => r.Pattern));
        Assert.Equal(41, profile.Attachments.Count);
        Assert.Equal(user.FilePath("badfilenames"), profile.Report.Files.Single(f => f.Source.Name == "badfilenames").Source.Path);
        Assert.Equal(system.FilePath("badsubjects"), profile.Report.Files.Single(f => f.Source.Name == "badsubjects").Source.Path);
        Assert.Equal(["\\.zip$", "\\.rar$"], baseProvider.Current.BadFileNames.Select(r => r.Pattern));
    }

    [Fact]
    public void LaterOverlaysAreMoreSpecific()
    {
        using var system = new TempControlDirectory().Write("badsubjects", "a\n");
        using var domain = new TempControlDirectory().Write("badsubjects", "b\n").Write("badfilenames", "d\n");
        using var user = new TempControlDirectory().Write("badsubjects", "c\n");

        var policy = new PolicyProvider(system.Path).ForProfile(domain.Path, user.Path).Current;

        Assert.Equal(["c"], policy.BadSubjects.Select(r => r.Pattern));
        Assert.Equal(["d"], policy.BadFileNames.Select(r => r.Pattern));
    }

    [Fact]
    public void ProfileProvidersAreCachedSoReloadStaysCheap()
    {
        using var system = new TempControlDirectory();
        using var user = new TempControlDirectory();
        var provider = new PolicyProvider(system.Path);

        var a = provider.ForProfile(user.Path);
        _ = a.Current;
        var b = provider.ForProfile(user.Path);
        _ = b.Current;

        Assert.Same(a, b);
        Assert.Equal(1, b.LoadCount);
    }

    [Fact]
    public void OverlayChangeReloadsTheProfile()
    {
        using var system = new TempControlDirectory().Write("badsubjects", "lottery\n");
        using var user = new TempControlDirectory();
        var profile = new PolicyProvider(system.Path).ForProfile(user.Path);

        Assert.Equal(["lottery"], profile.Current.BadSubjects.Select(r => r.Pattern));
        user.Write("badsubjects", "casino\n");
        Assert.Equal(["casino"], profile.Current.BadSubjects.Select(r => r.Pattern));
    }

    [Fact]
    public void WithARecheckWindowAChangeWaitsForTheWindowOrAnInvalidate()
    {
        using var system = new TempControlDirectory().Write("badsubjects", "lottery\n");
        using var user = new TempControlDirectory();
        // An hour: within this test the window never runs out by itself.
        var provider = new PolicyProvider(system.Path, TimeSpan.FromHours(1));
        var profile = provider.ForProfile(user.Path);
        Assert.Equal(["lottery"], provider.Current.BadSubjects.Select(r => r.Pattern));
        Assert.Equal(["lottery"], profile.Current.BadSubjects.Select(r => r.Pattern));

        system.Write("badsubjects", "casino\n");
        user.Write("badsubjects", "bingo\n");
        Assert.Equal(["lottery"], provider.Current.BadSubjects.Select(r => r.Pattern));
        Assert.Equal(["lottery"], profile.Current.BadSubjects.Select(r => r.Pattern));
        Assert.Equal(1, provider.LoadCount);

        // SIGHUP or the watcher: the root and every profile look again.
        provider.Invalidate();
        Assert.Equal(["casino"], provider.Current.BadSubjects.Select(r => r.Pattern));
        Assert.Equal(["bingo"], profile.Current.BadSubjects.Select(r => r.Pattern));
        Assert.Equal(2, provider.LoadCount);
    }

    [Fact]
    public void AShortRecheckWindowRunsOutByItself()
    {
        using var dir = new TempControlDirectory().Write("badsubjects", "lottery\n");
        var provider = new PolicyProvider(dir.Path, TimeSpan.FromMilliseconds(1));
        Assert.Equal(["lottery"], provider.Current.BadSubjects.Select(r => r.Pattern));

        dir.Write("badsubjects", "casino\n");
        Thread.Sleep(20);
        Assert.Equal(["casino"], provider.Current.BadSubjects.Select(r => r.Pattern));
    }
}
