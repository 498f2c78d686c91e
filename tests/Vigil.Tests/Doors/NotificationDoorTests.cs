using System.Text;
using Vigil.Tests.Cli;
using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>
/// Notifications and forwards as qmail sees them: `vigil queue` and `vigil deliver` run as
/// separate processes with a control directory whose `notifyvia` points at a local SMTP sink.
/// A guard address is configured in most tests so that a notification that did go out proves the
/// path works, and the one that did not is the suppression rule at work.
/// </summary>
public sealed class NotificationDoorTests
{
    private const string Sender = "alice@example.org";
    private const string Recipient = "bob@example.net";
    private const string BmGuard = "bm-guard@gateway.example";
    private const string AvGuard = "av-guard@gateway.example";

    /// <summary>A message with a banned attachment (a policy block), with extra header lines.</summary>
    private static byte[] BannedExe(string extraHeaders = "", string subject = "update") => Encoding.UTF8.GetBytes(
        $"From: {Sender}\nTo: {Recipient}\nSubject: {subject}\n{extraHeaders}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: text/plain\n\nrun it\n--b\nContent-Type: application/octet-stream; name=\"update.exe\"\n" +
        "Content-Transfer-Encoding: base64\n\naGVsbG8=\n--b--\n");

    private static readonly byte[] Plain = Encoding.UTF8.GetBytes($"From: {Sender}\nTo: {Recipient}\nSubject: hello\n\nJust text.\n");

    /// <summary>A control directory sending to <paramref name="sink"/>, with guards and respmail.</summary>
    private static QueueDoor Door(NotificationSink sink, string options = "")
    {
        var door = new QueueDoor();
        door.WriteOptions(sink.NotifyVia + options);
        door.WriteControl("bmguards", BmGuard + "\n");
        door.WriteControl("avguards", AvGuard + "\n");
        door.WriteControl("respmail", "postmaster@gateway.example\n");
        door.WriteControl("me", "gateway.example\n");
        return door;
    }

    /// <summary>A stand-in virus scanner (QHPSI style: exit 1 and "stream: NAME FOUND") that finds <paramref name="signature"/> in everything.</summary>
    private static void FakeVirusScanner(QueueDoor door, string signature)
    {
        var script = Path.Combine(door.Dir, "fake-av");
        File.WriteAllText(script, $"#!/bin/sh\ncat >/dev/null\necho \"stream: {signature} FOUND\"\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        door.WriteControl("scanners", $"command fakeav {script}\n");
    }

    private static (int ExitCode, string Stderr) Queue(QueueDoor door, byte[] message, string sender = Sender) =>
        door.Run(message, QueueDoor.Envelope(sender, Recipient));

    private static VigilProcess.Result Deliver(QueueDoor door, byte[] message, string sender = Sender) =>
        VigilProcess.Run(
            ["deliver", "--control", door.Control],
            message,
            new Dictionary<string, string> { ["SENDER"] = sender, ["RECIPIENT"] = Recipient, ["LOCAL"] = "bob", ["HOST"] = "example.net" });

    /// <summary>Runs a policy block from <paramref name="sender"/> and checks the guard heard of it but the sender did not.</summary>
    private static async Task AssertSenderNotToldOfPolicyBlock(string sender, string extraHeaders = "")
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink);

        var (exit, stderr) = Queue(door, BannedExe(extraHeaders), sender);

        Assert.True(exit == 0, stderr);
        Assert.Single(door.QuarantinedFiles("policy"));
        Assert.Single(sink.To(BmGuard));
        Assert.Equal([BmGuard], sink.Mails.SelectMany(m => m.Recipients));
    }

    [Fact]
    public async Task APolicyBlockTellsTheSenderByDefault()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink);

        var (exit, stderr) = Queue(door, BannedExe());

        Assert.True(exit == 0, stderr);
        Assert.Single(door.QuarantinedFiles("policy"));
        var mail = Assert.Single(sink.To(Sender));
        Assert.Equal("", mail.From);
        Assert.Equal("postmaster@gateway.example", mail.Header("From"));
        Assert.Equal(Sender, mail.Header("To"));
        Assert.Equal("auto-replied", mail.Header("Auto-Submitted"));
        Assert.Contains("update", mail.Header("Subject"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BmGuardsAreToldAboutAPolicyBlock()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink);

        Queue(door, BannedExe());

        var mail = Assert.Single(sink.To(BmGuard));
        Assert.Equal("", mail.From);
        Assert.Empty(sink.To(AvGuard));
    }

    [Fact]
    public async Task AvGuardsAreToldAboutAVirusAndTheSenderIsNotByDefault()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink);
        FakeVirusScanner(door, "Win.Test.Harmless-1");

        var (exit, stderr) = Queue(door, Plain);

        Assert.True(exit == 0, stderr);
        Assert.Single(door.QuarantinedFiles("viruses"));
        Assert.Single(sink.To(AvGuard));
        Assert.Empty(sink.To(Sender));
        Assert.Empty(sink.To(BmGuard));
    }

    [Fact]
    public async Task WithNotifySenderAVirusIsToldToItsSender()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink, "notify=sender,admin\n");
        FakeVirusScanner(door, "Win.Test.Harmless-1");

        Queue(door, Plain);

        Assert.Single(sink.To(Sender));
    }

    [Fact]
    public async Task TheSenderOfAVirusKnownToForgeSendersIsNotToldEvenWithNotifySender()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink, "notify=sender,admin\n");
        FakeVirusScanner(door, "Worm.Mydoom.M");

        var (exit, stderr) = Queue(door, Plain);

        Assert.True(exit == 0, stderr);
        Assert.Single(sink.To(AvGuard));
        Assert.Empty(sink.To(Sender));
    }

    [Fact]
    public Task TheNullSenderIsNeverTold() => AssertSenderNotToldOfPolicyBlock("");

    [Fact]
    public Task MailerDaemonIsNeverTold() => AssertSenderNotToldOfPolicyBlock("MAILER-DAEMON@example.org");

    [Fact]
    public Task ABounceAddressIsNeverTold() => AssertSenderNotToldOfPolicyBlock("bounces+alice=example.net@lists.example.org");

    [Fact]
    public Task PostmasterIsNeverTold() => AssertSenderNotToldOfPolicyBlock("postmaster@example.org");

    [Fact]
    public Task MailingListMailWithListIdIsNeverToldToItsSender() =>
        AssertSenderNotToldOfPolicyBlock(Sender, "List-Id: Friends <friends.lists.example.org>\n");

    [Theory]
    [InlineData("bulk")]
    [InlineData("list")]
    [InlineData("junk")]
    public Task BulkListAndJunkPrecedenceAreNeverToldToTheSender(string precedence) =>
        AssertSenderNotToldOfPolicyBlock(Sender, $"Precedence: {precedence}\n");

    [Fact]
    public Task AutoSubmittedMailIsNeverToldToItsSender() =>
        AssertSenderNotToldOfPolicyBlock(Sender, "Auto-Submitted: auto-generated\n");

    [Fact]
    public async Task ASubjectWithLineBreaksCannotInjectHeadersIntoTheNotification()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink);
        var subject = "=?UTF-8?Q?invoice=0D=0ABcc:_victim@example.net=0D=0AX-Injected:_yes?=";

        var (exit, stderr) = Queue(door, BannedExe(subject: subject));

        Assert.True(exit == 0, stderr);
        Assert.Equal(2, sink.Mails.Count);
        foreach (var mail in sink.Mails)
        {
            Assert.DoesNotContain(mail.HeaderLines, l => l.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("X-Injected:", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("victim@example.net", mail.Recipients);
            Assert.Contains("invoice", mail.Header("Subject") ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ADeadSmtpSinkDoesNotChangeTheQueueDoorsExitCode()
    {
        int port;
        await using (var gone = new NotificationSink())
        {
            port = gone.Port;
        }

        using var door = new QueueDoor();
        door.WriteOptions($"notifyvia=smtp:127.0.0.1:{port}\n");
        door.WriteControl("bmguards", BmGuard + "\n");

        var (exit, stderr) = Queue(door, BannedExe());

        Assert.Equal(0, exit);
        Assert.Single(door.QuarantinedFiles("policy"));
        Assert.Contains("not sent", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeadSmtpSinkDoesNotChangeTheDeliverDoorsExitCode()
    {
        int port;
        await using (var gone = new NotificationSink())
        {
            port = gone.Port;
        }

        using var door = new QueueDoor();
        door.WriteOptions($"notifyvia=smtp:127.0.0.1:{port}\n");

        var r = Deliver(door, BannedExe());

        Assert.Equal(99, r.ExitCode);
        Assert.Single(door.QuarantinedFiles("policy"));
        Assert.Contains("not sent", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDeliverDoorTellsTheSenderAndTheGuardsAboutAPolicyBlock()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink);

        var r = Deliver(door, BannedExe());

        Assert.True(r.ExitCode == 99, r.Stderr);
        Assert.Single(sink.To(Sender));
        Assert.Single(sink.To(BmGuard));
    }

    [Fact]
    public async Task ARejectingQueueDoorTellsTheGuardsButNotTheSenderWhoGetsTheRefusal()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink, "policyaction=reject\n");

        var (exit, _) = Queue(door, BannedExe());

        Assert.Equal(31, exit);
        Assert.Single(sink.To(BmGuard));
        Assert.Empty(sink.To(Sender));
    }

    [Fact]
    public async Task CleanMailTellsNobody()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink);

        var (exit, stderr) = Queue(door, Plain);

        Assert.True(exit == 0, stderr);
        Assert.True(door.StandInCalled);
        Assert.Empty(sink.Mails);
    }

    [Fact]
    public async Task VirusMailIsForwardedToVmforwardWithTheOriginalAttached()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink, "forwardvirusmails=y\n");
        door.WriteControl("vmforward", "virus-dump@gateway.example\n");
        FakeVirusScanner(door, "Win.Test.Harmless-1");

        var (exit, stderr) = Queue(door, Plain);

        Assert.True(exit == 0, stderr);
        var mail = Assert.Single(sink.To("virus-dump@gateway.example"));
        Assert.Equal("", mail.From);
        Assert.Equal("vmforward", mail.Header("X-Vigil-Forwarded"));
        var body = mail.Data[mail.Data.IndexOf("base64\r\n\r\n", StringComparison.Ordinal)..];
        Assert.Contains(Convert.ToBase64String(Plain)[..40], body.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadMailIsForwardedToBmforwardFromTheDeliverDoor()
    {
        await using var sink = new NotificationSink();
        using var door = Door(sink, "forwardbadmails=y\n");
        door.WriteControl("bmforward", "badmail-dump@gateway.example\n");

        var r = Deliver(door, BannedExe());

        Assert.True(r.ExitCode == 99, r.Stderr);
        Assert.Equal("bmforward", Assert.Single(sink.To("badmail-dump@gateway.example")).Header("X-Vigil-Forwarded"));
    }
}
