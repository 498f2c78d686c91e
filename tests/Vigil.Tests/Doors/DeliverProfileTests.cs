using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>
/// `vigil deliver` with QMVC's profile flags, through the real process: `-u` reads the user's
/// `~/qmvc/control` (and `~/vigil/control`, which wins), `-c BASEDIR` reads `BASEDIR/control` over
/// the user's profile over the system default, `-v-` strips `$USER-` — the seeds' own examples.
/// </summary>
public sealed class DeliverProfileTests
{
    [Fact]
    public void SeedExampleDashUvDashUsesTheVirtualDomainUsersProfileAndTheForeseenRecipient()
    {
        // Seed 001: "For the virtual domain mapped to the local user with home directory /home/domain
        // you define .qmail-default: |qmvc -uv-, and /home/domain/qmvc/control may be a modified copy".
        using var door = new QueueDoor();
        var home = Home(door);
        var userQuarantine = Path.Combine(home, "qmvc", "quarantine");
        Profile(home, "qmvc", $"quarantine={userQuarantine}\n");

        var r = Deliver(door, Samples.BannedExe, home, "domain-joe@example.com", "-uv-");

        Assert.True(r.ExitCode == 99, r.Stderr);
        Assert.Empty(door.QuarantinedFiles("policy")); // the system profile's quarantine is not used
        var stored = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(userQuarantine, "policy", "new"))));
        Assert.Contains("joe@example.com", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("domain-joe@example.com", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void VigilsOwnUserProfileWinsOverTheQmvcOneFileByFile()
    {
        using var door = new QueueDoor();
        var home = Home(door);
        Profile(home, "qmvc", $"quarantine={door.Quarantine}\npolicyaction=reject\n");

        Assert.Equal(100, Deliver(door, Samples.BannedExe, home, "joe@example.com", "-nu").ExitCode);
        Assert.Equal(99, Deliver(door, Samples.BannedExe, home, "joe@example.com").ExitCode); // without -u: the system profile

        Profile(home, "vigil", $"quarantine={door.Quarantine}\npolicyaction=quarantine\n");
        Assert.Equal(99, Deliver(door, Samples.BannedExe, home, "joe@example.com", "-u").ExitCode);
    }

    [Fact]
    public void DashCReadsBaseDirControlAndFallsBackToTheUsersProfileForFilesItLacks()
    {
        using var door = new QueueDoor();
        var home = Home(door);
        var baseDir = Path.Combine(door.Dir, "vpopmail", "mydomain", "qmvc");
        Directory.CreateDirectory(Path.Combine(baseDir, "control"));
        File.WriteAllText(Path.Combine(baseDir, "control", "options"), $"quarantine={door.Quarantine}\npolicyaction=reject\n");

        Assert.Equal(100, Deliver(door, Samples.BannedExe, home, "joe@example.com", "-c", baseDir).ExitCode);

        // BASEDIR without `options`: the user's profile gives it, then the system default would.
        File.Delete(Path.Combine(baseDir, "control", "options"));
        File.WriteAllText(Path.Combine(baseDir, "control", "badsubjects"), "^never matches this$\n");
        Profile(home, "qmvc", $"quarantine={door.Quarantine}\npolicyaction=reject\n");
        Assert.Equal(100, Deliver(door, Samples.BannedExe, home, "joe@example.com", "-c" + baseDir).ExitCode);
    }

    [Fact]
    public void DashCWithoutAControlDirectorySaysSoAndUsesTheSystemProfile()
    {
        using var door = new QueueDoor();
        var missing = Path.Combine(door.Dir, "no-such-base");

        var r = Deliver(door, Samples.BannedExe, Home(door), "joe@example.com", "-c", missing);

        Assert.True(r.ExitCode == 99, r.Stderr);
        Assert.Contains($"-c {missing}: no directory", r.Stderr, StringComparison.Ordinal);
        Assert.Single(door.QuarantinedFiles("policy"));
    }

    [Theory]
    [InlineData("-uq")]
    [InlineData("-v")]
    public void AnUnknownOrIncompleteFlagDefersWith111AndSaysWhy(string bad)
    {
        using var door = new QueueDoor();

        var r = Deliver(door, Samples.Clean, Home(door), "joe@example.com", bad);

        Assert.Equal(111, r.ExitCode);
        Assert.Contains("vigil deliver: deliver: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("deferring", r.Stderr, StringComparison.Ordinal);
    }

    private static string Home(QueueDoor door)
    {
        var home = Path.Combine(door.Dir, "home", "domain");
        Directory.CreateDirectory(home);
        return home;
    }

    private static void Profile(string home, string root, string options)
    {
        var control = Path.Combine(home, root, "control");
        Directory.CreateDirectory(control);
        File.WriteAllText(Path.Combine(control, "options"), options);
    }

    private static VigilProcess.Result Deliver(QueueDoor door, string message, string home, string recipient, params string[] extra) =>
        VigilProcess.Run(
            ["deliver", "--control", door.Control, .. extra],
            VigilProcess.Bytes(message),
            new Dictionary<string, string>
            {
                ["SENDER"] = "a@example.org",
                ["RECIPIENT"] = recipient,
                ["LOCAL"] = recipient.Split('@')[0],
                ["HOST"] = recipient.Split('@')[1],
                ["USER"] = "domain",
                ["HOME"] = home,
            });
}
