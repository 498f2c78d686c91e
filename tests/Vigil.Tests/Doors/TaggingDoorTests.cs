using System.Text;
using Vigil.Testing;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Doors;

/// <summary>
/// Added headers, archiving and DLP monitor rules through `vigil queue` run as qmail-smtpd runs it,
/// with the recording stand-in as the real qmail-queue and a real spamd for the spam headers.
/// </summary>
public sealed class TaggingDoorTests(TaggingSpamd spamd) : IClassFixture<TaggingSpamd>
{
    private static readonly byte[] CrlfMessage = Encoding.ASCII.GetBytes("From: a@example.org\r\nTo: b@example.net\r\nSubject: hi\r\n\r\nbody\r\nlast");

    [Fact]
    public void CleanMailWithNothingConfiguredArrivesByteIdentical()
    {
        using var door = new QueueDoor();

        var (exit, stderr) = door.Run(CrlfMessage, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        Assert.Equal(CrlfMessage, door.ReceivedMessage);
    }

    [Fact]
    public void WithTheStatusHeaderOnTheHeaderPrecedesTheOriginalBytes()
    {
        using var door = new QueueDoor();
        door.WriteOptions("statusheader=yes\n");
        var message = Encoding.ASCII.GetBytes(Samples.Clean);

        var (exit, stderr) = door.Run(message, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        var received = door.ReceivedMessage;
        var prefix = Encoding.ASCII.GetBytes($"X-Vigil-Status: clean; parts=1; bytes={message.Length}\n");
        Assert.Equal([.. prefix, .. message], received);
    }

    [Fact]
    public void ASpamMessageJudgedByARealSpamdGetsTheSpamAssassinHeaders()
    {
        using var door = new QueueDoor();
        door.WriteControl("scanners", spamd.ScannersLine + "\n");
        var gtube = File.ReadAllBytes(TestPaths.Corpus("spamassassin", "spam", "gtube.eml"));

        var (exit, stderr) = door.Run(gtube, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        var received = door.ReceivedMessage;
        var text = Encoding.UTF8.GetString(received);
        Assert.StartsWith("X-Spam-Flag: YES", text, StringComparison.Ordinal);
        Assert.Matches(@"\nX-Spam-Score: 1\d\d\d\.\d", text);
        Assert.Contains($"\nX-Spam-Level: {new string('*', 50)}", text, StringComparison.Ordinal);
        Assert.Matches(@"\nX-Spam-Status: Yes, score=1\d\d\d\.\d+ required=5\.0 tests=[^\n]*GTUBE", text.Replace("\n\t", " ", StringComparison.Ordinal));
        Assert.Equal(gtube, received[^gtube.Length..]);
    }

    [Fact]
    public void HamJudgedByARealSpamdIsDeliveredWithXSpamStatusNo()
    {
        using var door = new QueueDoor();
        door.WriteControl("scanners", spamd.ScannersLine + "\n");
        var ham = Encoding.ASCII.GetBytes("From: alice@example.org\nTo: bob@example.net\nSubject: lunch on friday\nMessage-ID: <ham.1@example.org>\n\nShall we meet at noon by the fountain?\n");

        var (exit, stderr) = door.Run(ham, QueueDoor.Envelope("alice@example.org", "bob@example.net"));

        Assert.True(exit == 0, stderr);
        var received = door.ReceivedMessage;
        var text = Encoding.UTF8.GetString(received);
        Assert.DoesNotContain("X-Spam-Flag", text, StringComparison.Ordinal);
        Assert.Matches(@"^X-Spam-Score: -?\d+\.\d", text);
        Assert.Matches(@"\nX-Spam-Status: No, score=-?\d+\.\d+ required=5\.0", text);
        Assert.Equal(ham, received[^ham.Length..]);
    }

    [Fact]
    public void MailWhoseEnvelopeMatchesTheArchiveRegexLandsInTheArchiveAndIsDelivered()
    {
        using var door = new QueueDoor();
        var archive = Path.Combine(door.Dir, "archive");
        door.WriteOptions($"archivedir={archive}\narchive=(support|sales)@example\\.com\n");

        var (exit, stderr) = door.Run(CrlfMessage, QueueDoor.Envelope("a@example.org", "b@example.net", "sales@example.com"));
        var (exitOther, _) = door.Run(CrlfMessage, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        Assert.Equal(0, exitOther);
        Assert.Equal(CrlfMessage, door.ReceivedMessage);
        var stored = File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(archive, "new"))));
        Assert.Contains("X-Vigil-Envelope-To: sales@example.com\r\n", Encoding.ASCII.GetString(stored), StringComparison.Ordinal);
        Assert.Equal(CrlfMessage, stored[^CrlfMessage.Length..]);
        Assert.Empty(Directory.GetFiles(Path.Combine(archive, "tmp")));
    }

    [Fact]
    public void AMonitorRuleArchivesTheMessageAndStillDeliversIt()
    {
        using var door = new QueueDoor();
        var archive = Path.Combine(door.Dir, "archive");
        door.WriteOptions($"archivedir={archive}\n");
        door.WriteControl("badfilenames", "\\.zip$ => monitor\n");
        var message = Encoding.ASCII.GetBytes(Samples.ZipAttachment);

        var (exit, stderr) = door.Run(message, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        Assert.Equal(message, door.ReceivedMessage);
        Assert.Contains("(monitor)", stderr, StringComparison.Ordinal);
        var text = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(archive, "new"))));
        Assert.Contains("X-Vigil-Archive-Reason: monitor\n", text, StringComparison.Ordinal);
        Assert.EndsWith(Samples.ZipAttachment, text, StringComparison.Ordinal);
        Assert.Empty(door.QuarantinedFiles("policy"));
    }

    [Fact]
    public void AnArchiveThatCannotBeWrittenDefersWithExit71AndDeliversNothing()
    {
        using var door = new QueueDoor();
        var archive = Path.Combine(door.Dir, "archive");
        File.WriteAllText(archive, "a file where the archive Maildir should be");
        door.WriteOptions($"archivedir={archive}\narchive=yes\n");

        var (exit, stderr) = door.Run(CrlfMessage, QueueDoor.TypicalEnvelope);

        Assert.True(exit == 71, stderr);
        Assert.False(door.StandInCalled);
    }

    [Fact]
    public void UnderVigilDeliverAMonitorRuleArchivesAndDeliveryContinuesWithExit0()
    {
        using var door = new QueueDoor();
        var archive = Path.Combine(door.Dir, "archive");
        door.WriteOptions($"archivedir={archive}\nstatusheader=yes\n");
        door.WriteControl("badfilenames", "\\.zip$ => monitor\n");

        var r = VigilProcess.Run(
            ["deliver", "--control", door.Control],
            VigilProcess.Bytes(Samples.ZipAttachment),
            new Dictionary<string, string> { ["SENDER"] = "a@example.org", ["RECIPIENT"] = "joe@example.net", ["LOCAL"] = "joe", ["HOST"] = "example.net" });

        Assert.True(r.ExitCode == 0, r.Stderr);
        var text = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(archive, "new"))));
        Assert.Contains("X-Vigil-Envelope-To: joe@example.net\n", text, StringComparison.Ordinal);
        Assert.EndsWith(Samples.ZipAttachment, text, StringComparison.Ordinal);
    }
}
