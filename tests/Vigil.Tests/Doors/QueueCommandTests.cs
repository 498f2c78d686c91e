using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Doors;

/// <summary>`vigil queue` as qmail runs it, with a recording stand-in for the real qmail-queue.</summary>
public sealed class QueueCommandTests
{
    [Fact]
    public void HandsCleanMailToQmailQueueByteForByteWithTheSameEnvelope()
    {
        using var door = new QueueDoor();
        // CRLF and a trailing line without newline: the bytes must survive untouched.
        var message = Encoding.ASCII.GetBytes("From: a@example.org\r\nTo: b@example.net\r\nSubject: hi\r\n\r\nbody\r\nlast");
        var envelope = QueueDoor.Envelope("a@example.org", "b@example.net", "c@example.net");

        var (exit, stderr) = door.Run(message, envelope);

        Assert.True(exit == 0, stderr);
        Assert.Equal(message, door.ReceivedMessage);
        Assert.Equal(envelope, door.ReceivedEnvelope);
    }

    [Fact]
    public void ReturnsTheExitCodeOfTheRealQmailQueue()
    {
        using var door = new QueueDoor();

        var (exit, _) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.Envelope("", "b@example.net"), standInExit: 53);

        Assert.Equal(53, exit);
        Assert.True(door.StandInCalled);
    }

    [Fact]
    public void QuarantinesABannedAttachmentAcceptsItAndNeverCallsQmailQueue()
    {
        using var door = new QueueDoor();

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.True(exit == 0, stderr);
        Assert.False(door.StandInCalled);
        var stored = Assert.Single(door.QuarantinedFiles("policy"));
        var text = File.ReadAllText(stored);
        Assert.Contains("b@example.net", text, StringComparison.Ordinal);
        Assert.EndsWith(Samples.BannedExe, text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(door.Quarantine, "policy", "tmp")));
    }

    [Fact]
    public void RejectsWithExit31WhenThePolicyActionIsReject()
    {
        using var door = new QueueDoor();
        door.WriteOptions("policyaction=reject\n");

        var (exit, _) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.Equal(31, exit);
        Assert.False(door.StandInCalled);
        Assert.Empty(door.QuarantinedFiles("policy"));
    }

    [Theory]
    [InlineData("drop", 0)]
    [InlineData("defer", 71)]
    [InlineData("greylist", 71)]
    public void AnswersEachConfiguredPolicyActionWithItsQmailQueueCode(string action, int expected)
    {
        using var door = new QueueDoor();
        door.WriteOptions($"policyaction={action}\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.True(exit == expected, stderr);
        Assert.False(door.StandInCalled);
    }

    [Fact]
    public void KeepsADroppedMessageInItsQuarantineFolder()
    {
        using var door = new QueueDoor();
        door.WriteOptions("policyaction=drop\n");

        door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.Single(door.QuarantinedFiles("policy"));
    }

    [Fact]
    public void DefersWithExit71WhenARequiredScannerCannotBeAsked()
    {
        using var door = new QueueDoor();
        door.WriteControl("scanners", $"clamd tcp:127.0.0.1:{FreePort()}\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), QueueDoor.TypicalEnvelope);

        Assert.True(exit == 71, stderr);
        Assert.False(door.StandInCalled);
    }

    [Fact]
    public void DefersWhenTheQuarantineCannotBeWritten()
    {
        using var door = new QueueDoor();
        File.WriteAllText(door.Quarantine, "a file where the quarantine directory should be");

        var (exit, _) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.Equal(71, exit);
        Assert.False(door.StandInCalled);
    }

    [Theory]
    [InlineData("Ta@example.org\0\0")]
    [InlineData("Fa@example.org\0Tb@example.net\0")]
    [InlineData("Fa@example.org\0Xb@example.net\0\0")]
    [InlineData("")]
    public void AnswersEnvelopeFormatErrorsWithExit91(string envelope)
    {
        using var door = new QueueDoor();

        var (exit, _) = door.Run(Encoding.ASCII.GetBytes(Samples.Clean), Encoding.ASCII.GetBytes(envelope));

        Assert.Equal(91, exit);
        Assert.False(door.StandInCalled);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
