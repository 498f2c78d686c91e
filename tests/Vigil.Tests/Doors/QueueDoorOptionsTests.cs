using System.Text;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Doors;

/// <summary>
/// `vigil queue`'s per-environment choices, run as qmail-smtpd runs it: notqmail's custom error on
/// fd 6, tcpserver's RELAYCLIENT and TCPREMOTEIP, VIGIL_PROFILE, and the greylist action.
/// </summary>
public sealed class QueueDoorOptionsTests
{
    private static readonly byte[] Banned = Encoding.ASCII.GetBytes(Samples.BannedExe);
    private static readonly byte[] Envelope = QueueDoor.TypicalEnvelope;

    [Fact]
    public void WritesOurOwnPermanentErrorToFd6AndExits82WhenNotqmailOffersTheErrorPipe()
    {
        using var door = new QueueDoor();
        door.WriteOptions("policyaction=reject\n");

        var (exit, stderr) = door.Run(Banned, Envelope, fd6: "pipe");

        Assert.True(exit == 82, stderr);
        var text = door.Fd6;
        Assert.StartsWith("DVigil: message refused by policy rule ", text, StringComparison.Ordinal);
        Assert.EndsWith("(#5.7.1)", text, StringComparison.Ordinal);
        Assert.True(text.Length <= 255);
        // Nothing the message said: not its subject, file name or sender.
        Assert.DoesNotContain("update", text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
        Assert.False(door.StandInCalled);
    }

    [Fact]
    public void WritesATemporaryErrorToFd6ForTheGreylistAction()
    {
        using var door = new QueueDoor();
        door.WriteOptions("policyaction=greylist\n");

        var (exit, stderr) = door.Run(Banned, Envelope, fd6: "pipe");

        Assert.True(exit == 82, stderr);
        Assert.StartsWith("ZVigil: message deferred by policy rule ", door.Fd6, StringComparison.Ordinal);
        Assert.EndsWith("try again later (#4.7.1)", door.Fd6, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsThePlainExitCodeWhenFd6IsNotAPipeUnlessCustomErrorIsYes()
    {
        using var door = new QueueDoor();
        door.WriteOptions("policyaction=reject\n");

        var (auto, _) = door.Run(Banned, Envelope, fd6: "file");
        Assert.Equal(31, auto);
        Assert.Equal("", door.Fd6);

        door.WriteOptions("policyaction=reject\ncustomerror=yes\n");
        var (yes, _) = door.Run(Banned, Envelope, fd6: "file");
        Assert.Equal(82, yes);
        Assert.StartsWith("D", door.Fd6, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsThePlainExitCodesWhenCustomErrorIsOffOrThereIsNoFd6()
    {
        using var door = new QueueDoor();
        door.WriteOptions("policyaction=reject\ncustomerror=no\n");
        var (off, _) = door.Run(Banned, Envelope, fd6: "pipe");
        Assert.Equal(31, off);
        Assert.Equal("", door.Fd6);

        // No fd 6 from the caller: whatever the runtime opened there is not written to.
        door.WriteOptions("policyaction=reject\ncustomerror=yes\n");
        var (none, _) = door.Run(Banned, Envelope);
        Assert.Equal(31, none);
        door.WriteOptions("policyaction=reject\n");
        var (autoNone, _) = door.Run(Banned, Envelope);
        Assert.Equal(31, autoNone);
    }

    [Fact]
    public void ARuleLineEndingInGreylistDefersWith71AndKeepsNothing()
    {
        using var door = new QueueDoor();
        door.WriteControl("badsubjects", "^outbreak => greylist\n");
        var message = Encoding.ASCII.GetBytes("From: a@example.org\nTo: b@example.net\nSubject: outbreak\n\nhi\n");

        var (exit, stderr) = door.Run(message, Envelope);

        Assert.True(exit == 71, stderr);
        Assert.False(door.StandInCalled);
        Assert.Empty(door.QuarantinedFiles("policy"));
    }

    [Fact]
    public void RecordsTcpRemoteIpInTheQuarantineAndTheLogLine()
    {
        using var door = new QueueDoor();

        var (exit, stderr) = door.Run(Banned, Envelope, environment: new Dictionary<string, string> { ["TCPREMOTEIP"] = "192.0.2.7" });

        Assert.True(exit == 0, stderr);
        var stored = File.ReadAllText(Assert.Single(door.QuarantinedFiles("policy")));
        Assert.Contains("X-Vigil-Client-IP: 192.0.2.7", stored, StringComparison.Ordinal);
        Assert.Contains("\t192.0.2.7\t", stderr, StringComparison.Ordinal);
        Assert.Contains("192.0.2.7", File.ReadAllText(Path.Combine(door.Quarantine, "quarantine.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void MailFromARelayClientIsJudgedByTheRelayClientProfile()
    {
        using var door = new QueueDoor();
        var relay = Path.Combine(door.Dir, "relay");
        Directory.CreateDirectory(relay);
        File.WriteAllText(Path.Combine(relay, "options"), $"quarantine={door.Quarantine}\npolicyaction=reject\n");
        door.WriteOptions($"relayclientprofile={relay}\n");

        var (outside, _) = door.Run(Banned, Envelope);
        var (relayed, _) = door.Run(Banned, Envelope, environment: new Dictionary<string, string> { ["RELAYCLIENT"] = "" });

        Assert.Equal(0, outside); // quarantined, the default
        Assert.Equal(31, relayed); // the relay profile rejects
    }

    [Fact]
    public void ATcpServerRuleCanPickAProfileWithVigilProfile()
    {
        using var door = new QueueDoor();
        var lan = Path.Combine(door.Dir, "lan");
        Directory.CreateDirectory(lan);
        File.WriteAllText(Path.Combine(lan, "options"), $"quarantine={door.Quarantine}\npolicyaction=reject\n");

        var (exit, stderr) = door.Run(Banned, Envelope, environment: new Dictionary<string, string> { ["VIGIL_PROFILE"] = lan });
        var (missing, _) = door.Run(Banned, Envelope, environment: new Dictionary<string, string> { ["VIGIL_PROFILE"] = Path.Combine(door.Dir, "nowhere") });

        Assert.True(exit == 31, stderr); // the profile's reject, not the default quarantine
        Assert.Equal(55, missing); // a profile that is not there: qmail-queue's configuration error, never a pass
    }
}
