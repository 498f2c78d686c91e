using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// XCLIENT and XFORWARD (Postfix's extensions) from a client whose `tcp.smtp` rule sets
/// VIGIL_XCLIENT: XCLIENT (sent by swaks) makes the session the named client's, its own client
/// rule deciding relaying and whether it may talk at all; XFORWARD changes who the message is
/// logged and judged as (the Received line, the log line), not the client rules. A client
/// without the variable is refused 550 5.7.0 and is not offered either.
/// </summary>
public class SmtpXclientTests
{
    private const string Rules = "127.0.0.1:allow,VIGIL_XCLIENT=\"1\"\n10.9.8.7:allow,RELAYCLIENT=\"\"\n192.0.2.:deny\n";

    [Fact]
    public async Task AClientWithoutTheVariableIsNotOfferedXclientAndIsRefused550()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);

        Assert.DoesNotContain("XCLIENT", c.Command("EHLO client.test"), StringComparison.Ordinal);
        Assert.Equal("550 5.7.0 Error: insufficient authorization\n", c.Command("XCLIENT ADDR=10.9.8.7"));
        Assert.Equal("550 5.7.0 Error: insufficient authorization\n", c.Command("XFORWARD ADDR=10.9.8.7"));
    }

    [Fact]
    public async Task SwaksXclientMakesTheSessionTheNamedClientsWhoseRuleLetsItRelay()
    {
        using var control = new TempDir();
        control.Write("tcp.smtp", Rules);
        control.Write("rcpthosts", "example.test\n");
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port);

        // Without XCLIENT the trusted proxy itself may not relay to other.test.
        var plain = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "someone@other.test", "--body", "x");
        Assert.Contains("<** 554 5.7.1 Relaying denied", plain.Output, StringComparison.Ordinal);

        var r = Swaks.Run(vigil.Port, "--xclient-addr", "10.9.8.7", "--xclient-name", "mx.outside.test",
            "--from", "sender@client.test", "--to", "someone@other.test", "--body", "relayed for 10.9.8.7");

        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains(" -> XCLIENT ", r.Output, StringComparison.Ordinal);
        var relayed = Assert.Single(sink.Transactions);
        Assert.Equal(["<someone@other.test>"], relayed.RcptTo);
        Assert.Contains("Received: from client.test ([10.9.8.7])", relayed.Data, StringComparison.Ordinal);
        vigil.WaitForLog("smtp 127.0.0.1: XCLIENT: the session goes on as 10.9.8.7 name=mx.outside.test");
        vigil.WaitForLog("smtp 10.9.8.7: delivered");
    }

    [Fact]
    public async Task XclientNamingADeniedClientEndsTheSession554()
    {
        using var control = new TempDir();
        control.Write("tcp.smtp", Rules);
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, PeerScript.FreePort());
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);
        Assert.Contains("XCLIENT NAME ADDR PROTO HELO", c.Command("EHLO proxy.test"), StringComparison.Ordinal);

        Assert.Equal("554 5.7.1 Connection refused by the client rules\n", c.Command("XCLIENT ADDR=192.0.2.55 NAME=[UNAVAILABLE]"));
        Assert.True(c.Closed());
    }

    [Fact]
    public async Task XclientIsRefusedInATransactionAndMalformedAttributesAre501()
    {
        using var control = new TempDir();
        control.Write("tcp.smtp", Rules);
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, PeerScript.FreePort());
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);

        Assert.Equal("503 5.5.1 Error: MAIL transaction in progress\n", c.Command("XCLIENT ADDR=10.9.8.7"));
        Assert.Equal("250 2.0.0 Ok\n", c.Command("RSET"));
        Assert.StartsWith("501 5.5.4 Syntax: XCLIENT attribute=value..., bad attribute name: COLOR", c.Command("XCLIENT COLOR=blue"), StringComparison.Ordinal);
        Assert.StartsWith("501 5.5.4 Syntax: XCLIENT attribute=value..., bad ADDR value", c.Command("XCLIENT ADDR=not-an-address"), StringComparison.Ordinal);
        Assert.StartsWith("220 ", c.Command("XCLIENT ADDR=IPV6:2001+3Adb8::1 HELO=[UNAVAILABLE]"), StringComparison.Ordinal);
        // A new session: HELO/EHLO again first.
        Assert.StartsWith("503 5.5.1 Send HELO/EHLO first", c.Command("MAIL FROM:<a@client.test>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task XforwardChangesWhoTheNextMessageIsLoggedAsForThatTransactionOnly()
    {
        using var control = new TempDir();
        control.Write("tcp.smtp", Rules);
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);
        Assert.Contains("XFORWARD NAME ADDR PROTO HELO SOURCE", c.Command("EHLO postfix.test"), StringComparison.Ordinal);

        Assert.Equal("250 2.0.0 Ok\n", c.Command("XFORWARD NAME=mail.outside.test ADDR=203.0.113.5"));
        Assert.Equal("250 2.0.0 Ok\n", c.Command("XFORWARD HELO=outside.test SOURCE=REMOTE PROTO=ESMTP"));
        Assert.StartsWith("250 ", c.Command("MAIL FROM:<sender@outside.test>"), StringComparison.Ordinal);
        Assert.StartsWith("503 5.5.1 Error: MAIL transaction in progress", c.Command("XFORWARD ADDR=10.0.0.1"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("RCPT TO:<bob@example.test>"), StringComparison.Ordinal);
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("Subject: one\r\n\r\nbody\r\n."), StringComparison.Ordinal);

        // The next transaction is the connection's own again.
        Assert.StartsWith("250 ", c.Command("MAIL FROM:<sender@outside.test>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("RCPT TO:<bob@example.test>"), StringComparison.Ordinal);
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("Subject: two\r\n\r\nbody\r\n."), StringComparison.Ordinal);

        Assert.Equal(2, sink.Transactions.Count);
        Assert.Contains("Received: from outside.test ([203.0.113.5])", sink.Transactions[0].Data, StringComparison.Ordinal);
        Assert.Contains("Received: from postfix.test ([127.0.0.1])", sink.Transactions[1].Data, StringComparison.Ordinal);
        vigil.WaitForLog("smtp 203.0.113.5: delivered");
        vigil.WaitForLog("smtp 127.0.0.1: delivered");
    }
}
