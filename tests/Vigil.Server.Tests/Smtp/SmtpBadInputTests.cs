using System.Text;
using Vigil.Server.Smtp;
using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// Bad input on the SMTP listener: each gets a clear reply (and, where the session cannot go on, a
/// closed connection), the listener keeps serving, and nothing is read past a bound: the line
/// limits cap what one connection can make the daemon buffer.
/// </summary>
public class SmtpBadInputTests
{
    private static readonly SmtpLimits Small = new()
    {
        MaxCommandLine = 512,
        MaxDataLine = 1000,
        MaxMessageSize = 10_000,
        MaxHeaderBytes = 2_000,
        MaxRecipients = 3,
        MaxCommands = 20,
    };

    [Fact]
    public async Task AnOverLongCommandLineIsRefusedAndClosedWithoutWaitingForItsEnd()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);

        // No line end ever comes: the listener must not keep reading for one.
        c.Send("EHLO " + new string('a', 4000));

        Assert.Equal("500 5.5.2 Line too long, closing\n", c.Reply());
        Assert.True(c.Closed());
        await AssertStillServes(vigil);
    }

    [Fact]
    public async Task AnOverLongLineInDataIsRefusedAndClosed()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);

        c.Send("Subject: x\r\n\r\n" + new string('b', 200_000));

        Assert.Equal("500 5.5.2 Line too long, closing\n", c.Reply());
        Assert.True(c.Closed());
        Assert.Empty(sink.Transactions);
    }

    [Theory]
    [InlineData("EHLO client.test\n", "500 5.5.2 Bare LF not allowed (RFC 5321 2.3.8), closing\n")]
    [InlineData("EHLO client\0.test\r\n", "500 5.5.2 NUL in command, closing\n")]
    public async Task ABareLineFeedOrANulInACommandIsRefusedAndClosed(string input, string reply)
    {
        await using var vigil = await SmtpTestHost.StartAsync(null, PeerScript.FreePort(), Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);

        c.Send(input);

        Assert.Equal(reply, c.Reply());
        Assert.True(c.Closed());
    }

    [Fact]
    public async Task AHeaderBlockOverItsLimitIsRefused552AndNotRelayed()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
        var header = new StringBuilder();
        for (var i = 0; i < 60; i++)
        {
            header.Append("X-Filler-").Append(i).Append(": ").Append('h', 40).Append("\r\n");
        }

        c.Send(header + "\r\nshort body\r\n");

        Assert.Equal("552 5.3.4 Message header exceeds fixed limit\n", c.Command("."));
        // The session goes on.
        Assert.Equal("250 2.0.0 Ok\n", c.Command("NOOP"));
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task AMessageOverSizeIsRefused552WhileStreamingAndADeclaredSizeAtMail()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
        var body = new StringBuilder("Subject: big\r\n\r\n");
        for (var i = 0; i < 300; i++)
        {
            body.Append('c', 78).Append("\r\n");
        }

        c.Send(body.ToString());
        Assert.Equal("552 5.3.4 Message size exceeds fixed limit\n", c.Command("."));
        Assert.Equal("552 5.3.4 Message size exceeds fixed limit\n", c.Command("MAIL FROM:<a@client.test> SIZE=20000"));
        Assert.Empty(sink.Transactions);
        Assert.Contains("size=", vigil.WaitForLog("smtp 127.0.0.1: refused oversize"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecipientsPastTheLimitGet452AndTheAcceptedOnesAreRelayed()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(recipient: "r1@example.test"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("RCPT TO:<r2@example.test>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("RCPT TO:<r3@example.test>"), StringComparison.Ordinal);

        Assert.Equal("452 4.5.3 Too many recipients\n", c.Command("RCPT TO:<r4@example.test>"));
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("Subject: x\r\n\r\nbody\r\n."), StringComparison.Ordinal);

        var relayed = Assert.Single(sink.Transactions);
        Assert.Equal(["<r1@example.test>", "<r2@example.test>", "<r3@example.test>"], relayed.RcptTo);
    }

    [Fact]
    public async Task TenThousandPipelinedRecipientsGet452PastTheLimitAnd421AtTheCommandLimit()
    {
        // The default limits: 100 recipients a transaction, 1000 commands a session (EHLO, MAIL and 998 RCPTs).
        await using var vigil = await SmtpTestHost.StartAsync(null, PeerScript.FreePort());
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);
        Assert.StartsWith("250", c.Command("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("MAIL FROM:<a@client.test>"), StringComparison.Ordinal);
        var flood = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            flood.Append("RCPT TO:<r").Append(i).Append("@example.test>\r\n");
        }

        // Sent while the replies are read: the server closes long before the flood ends.
        var sending = Task.Run(() =>
        {
            try
            {
                c.Send(flood.ToString());
            }
            catch (IOException)
            {
            }
        });
        var replies = new List<string>();
        try
        {
            while (c.Reply() is { Length: > 0 } reply)
            {
                replies.Add(reply);
            }
        }
        catch (IOException)
        {
            // Closed with the rest of the flood unread: the reset may overtake the last replies.
        }

        await sending;
        Assert.Equal(100, replies.Count(r => r == "250 2.1.5 Ok\n"));
        Assert.All(replies.Skip(100), r => Assert.True(r is "452 4.5.3 Too many recipients\n" or "421 4.7.0 Too many commands, closing\n", r));
        // Never more than the command limit allows: 998 RCPT replies and the 421.
        Assert.InRange(replies.Count, 101, 998 + 1);
        Assert.True(c.Closed());
    }

    [Fact]
    public async Task TooManyCommandsInOneSessionEndIt421()
    {
        await using var vigil = await SmtpTestHost.StartAsync(null, PeerScript.FreePort(), Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);

        // Pipelined: the replies to all 20 come back, then the 21st closes the session.
        c.Send(string.Concat(Enumerable.Repeat("NOOP\r\n", 25)));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("250 2.0.0 Ok\n", c.Reply());
        }

        Assert.Equal("421 4.7.0 Too many commands, closing\n", c.Reply());
        Assert.True(c.Closed());
    }

    [Fact]
    public async Task AnIdleClientIsTold421AndClosedAtTheCommandTimeout()
    {
        await using var vigil = await SmtpTestHost.StartAsync(null, PeerScript.FreePort(), Small with { CommandTimeout = TimeSpan.FromSeconds(1) });
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);
        Assert.StartsWith("250", c.Command("EHLO client.test"), StringComparison.Ordinal);

        // Say nothing more.
        Assert.Equal("421 4.4.2 Timeout, closing connection\n", c.Reply());
        Assert.True(c.Closed());
        vigil.WaitForLog("smtp 127.0.0.1: closed: 421 4.4.2 Timeout");
    }

    private static async Task AssertStillServes(SmtpTestHost vigil)
    {
        await Task.Yield();
        using var next = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", next.Reply(), StringComparison.Ordinal);
        Assert.StartsWith("250", next.Command("EHLO client.test"), StringComparison.Ordinal);
    }
}
