using System.Text;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Doors;

/// <summary>Where `vigil queue` writes its message log line, as `options` says.</summary>
public sealed class QueueLogTests
{
    [Fact]
    public void ByDefaultTheLineGoesToStderrForMultilog()
    {
        using var door = new QueueDoor();

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.Equal(0, exit);
        var line = Assert.Single(stderr.Split('\n'), l => l.Contains("\tqueue\t", StringComparison.Ordinal));
        Assert.Contains("a@example.org", line, StringComparison.Ordinal);
        Assert.Contains("b@example.net", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileDestinationGetsTheLineAndStderrDoesNot()
    {
        using var door = new QueueDoor();
        var log = Path.Combine(door.Dir, "mail.log");
        door.WriteOptions($"log=file:{log}\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("\tqueue\t", stderr, StringComparison.Ordinal);
        var line = Assert.Single(File.ReadAllLines(log));
        Assert.Contains("\tqueue\t", line, StringComparison.Ordinal);
        Assert.Contains("b@example.net", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAnAnonymizationKeyNoLocalPartReachesTheLog()
    {
        using var door = new QueueDoor();
        var log = Path.Combine(door.Dir, "mail.log");
        var key = Path.Combine(door.Dir, "logkey");
        File.WriteAllText(key, "thirty-two bytes of secret text!");
        door.WriteOptions($"log=file:{log}\nanonymizekey={key}\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.Envelope("alice@example.org", "bob@example.net"));

        Assert.True(exit == 0, stderr);
        var line = Assert.Single(File.ReadAllLines(log));
        Assert.DoesNotContain("alice", line, StringComparison.Ordinal);
        Assert.DoesNotContain("bob@", line, StringComparison.Ordinal);
        Assert.Contains("@example.net", line, StringComparison.Ordinal);
    }
}
