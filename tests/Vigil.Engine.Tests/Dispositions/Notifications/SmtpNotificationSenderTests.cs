using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Engine.Dispositions.Notifications;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

public sealed class SmtpNotificationSenderTests
{
    private static readonly NotificationSettings Settings = new()
    {
        NotifySender = true,
        RespMail = "postmaster@gateway.example",
        HostName = "gateway.example",
    };

    [Fact]
    public async Task NotificationArrivesAtARealSmtpPeerWithTheNullEnvelopeSender()
    {
        await using var sink = new SmtpSink();
        using var result = BlockedMessage.Policy();
        var notification = Assert.Single(NotificationPlanner.Plan(result, BlockedMessage.Envelope(), Settings));

        var sent = await new SmtpNotificationSender("127.0.0.1", sink.Port) { HeloName = "gateway.example" }
            .SendAsync(notification, CancellationToken.None);

        Assert.True(sent.IsSent, sent.Detail);
        Assert.Contains("250 queued", sent.ToString(), StringComparison.Ordinal);
        var t = Assert.Single(sink.Transactions);
        Assert.Equal("<>", t.MailFrom);
        Assert.Equal(["<alice@example.org>"], t.RcptTo);
        Assert.Equal(Encoding.UTF8.GetString(notification.Message.Span), t.Data);
        Assert.Contains("From: postmaster@gateway.example\r\n", t.Data, StringComparison.Ordinal);
        Assert.Contains("To: alice@example.org\r\n", t.Data, StringComparison.Ordinal);
        Assert.Contains("Subject: Message blocked: Quarterly report\r\n", t.Data, StringComparison.Ordinal);
        Assert.Contains("Auto-Submitted: auto-replied\r\n", t.Data, StringComparison.Ordinal);
        Assert.Equal(["EHLO gateway.example", "MAIL FROM:<>", "RCPT TO:<alice@example.org>", "DATA", "QUIT"], sink.Commands);
    }

    [Fact]
    public async Task LinesStartingWithADotAreStuffedAndArriveIntact()
    {
        await using var sink = new SmtpSink();
        var message = "Subject: dots\r\n\r\n.\r\n..two\r\nend.\n.bare-lf line"u8.ToArray();

        var sent = await new SmtpNotificationSender("127.0.0.1", sink.Port)
            .SendAsync("", ["bob@example.com"], message, CancellationToken.None);

        Assert.True(sent.IsSent, sent.Detail);
        var t = Assert.Single(sink.Transactions);
        Assert.Equal("Subject: dots\r\n\r\n..\r\n...two\r\nend.\r\n..bare-lf line\r\n", t.Wire);
        Assert.Equal("Subject: dots\r\n\r\n.\r\n..two\r\nend.\r\n.bare-lf line\r\n", t.Data);
    }

    [Fact]
    public async Task FallsBackToHeloWhenEhloIsRefused()
    {
        await using var sink = new SmtpSink { RefuseEhlo = true };

        var sent = await new SmtpNotificationSender("127.0.0.1", sink.Port).SendAsync("", ["bob@example.com"], "Subject: x\r\n\r\nx\r\n"u8.ToArray(), CancellationToken.None);

        Assert.True(sent.IsSent, sent.Detail);
        Assert.Contains("HELO localhost", sink.Commands);
    }

    [Theory]
    [InlineData("450 mailbox busy", SendOutcome.TemporaryFailure)]
    [InlineData("550 no such user", SendOutcome.PermanentFailure)]
    public async Task RefusedRecipientIsAResultNotAnException(string reply, SendOutcome outcome)
    {
        await using var sink = new SmtpSink { RcptReply = reply };

        var sent = await new SmtpNotificationSender("127.0.0.1", sink.Port).SendAsync("", ["bob@example.com"], "x\r\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal(outcome, sent.Outcome);
        Assert.Contains(reply, sent.Detail, StringComparison.Ordinal);
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task RefusedConnectionIsATemporaryFailure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var sent = await new SmtpNotificationSender("127.0.0.1", port).SendAsync("", ["bob@example.com"], "x\r\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal(SendOutcome.TemporaryFailure, sent.Outcome);
    }

    [Fact]
    public async Task SilentServerRunsIntoTheTimeout()
    {
        await using var sink = new SmtpSink { Silent = true };

        var sent = await new SmtpNotificationSender("127.0.0.1", sink.Port) { Timeout = TimeSpan.FromMilliseconds(300) }
            .SendAsync("", ["bob@example.com"], "x\r\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal(SendOutcome.TemporaryFailure, sent.Outcome);
        Assert.Contains("no answer", sent.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressesThatAreNotPlainAreNeverSentAsCommands()
    {
        await using var sink = new SmtpSink();

        var sent = await new SmtpNotificationSender("127.0.0.1", sink.Port)
            .SendAsync("", ["bob@example.com>\r\nRCPT TO:<evil@example.net"], "x\r\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal(SendOutcome.PermanentFailure, sent.Outcome);
        Assert.Empty(sink.Commands);
    }
}
