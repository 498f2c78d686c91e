using Vigil.Tests.Cli;
using System.Text;

namespace Vigil.Tests.Doors;

/// <summary>
/// docs/QMAIL.md §6: `vigil queue` started under the memory limits a qmail-smtpd run script sets.
/// daemontools' softlimit is used when it is installed, else util-linux's prlimit with the same
/// soft limits (softlimit -d N is prlimit --data=N:, -a N is --as=N:, -s N is --stack=N:).
/// These tests run the dotnet-hosted build (the test build); the Native AOT binary needs less
/// and its figures are in docs/QMAIL.md.
/// </summary>
public sealed class MemoryLimitDoorTests
{
    /// <summary>The limit docs/QMAIL.md gives (softlimit -d), for both builds.</summary>
    private const long DataLimit = 200_000_000;

    /// <summary>The `softlimit -m` value qmail users try first.</summary>
    private const long SoftlimitMValue = 2_000_000_000;

    private static string Limit(string flag, long bytes)
    {
        var text = bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (OnPath("softlimit"))
        {
            return $"softlimit {flag} {text}";
        }

        var name = flag switch { "-d" => "data", "-a" => "as", "-s" => "stack", _ => throw new ArgumentException(flag) };
        return $"prlimit --{name}={text}: --";
    }

    private static string SoftlimitM(long bytes) =>
        OnPath("softlimit") ? $"softlimit -m {bytes}" : $"prlimit --data={bytes}: --stack={bytes}: --as={bytes}: --";

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    [Fact]
    public void TheDoorPassesCleanMailAndQuarantinesBannedMailUnderTheDocumentedLimit()
    {
        using var door = new QueueDoor();
        var wrapper = Limit("-d", DataLimit);

        var (cleanExit, cleanErr) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.TypicalEnvelope, wrapper: wrapper);
        Assert.True(cleanExit == 0, $"{wrapper}: {cleanErr}");
        Assert.True(door.StandInCalled);

        var (bannedExit, bannedErr) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope, wrapper: wrapper);
        Assert.True(bannedExit == 0, $"{wrapper}: {bannedErr}");
        Assert.Single(door.QuarantinedFiles("policy"));
    }

    [Fact]
    public void SoftlimitMinusMStopsTheRuntimeSoTheDocsWarnAgainstIt()
    {
        // -m sets the stack limit as well: every thread then reserves that much address space,
        // which the same -m value does not allow. qmail-smtpd answers 451 to such a door.
        using var door = new QueueDoor();

        var (exit, _) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.TypicalEnvelope, wrapper: SoftlimitM(SoftlimitMValue));

        Assert.NotEqual(0, exit);
        Assert.False(door.StandInCalled);
    }
}
