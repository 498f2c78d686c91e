using System.Text;
using Vigil.Server.Smtp;
using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// CHUNKING (RFC 3030) inbound, from a raw client (swaks does not send BDAT): chunks pipelined in one
/// write, a CRLF split by a chunk boundary, a line starting with a dot passed on unchanged (BDAT has
/// no dot-stuffing; the relay adds it for DATA), BDAT LAST answered with the verdict, the size
/// counted across chunks, the header limit, DATA after BDAT refused, a refused chunk's octets
/// skipped (never read as commands), sizes that cannot be skipped closing the connection.
/// </summary>
public class SmtpChunkingTests
{
    private static readonly SmtpLimits Small = new() { MaxMessageSize = 100, MaxHeaderBytes = 60 };

    [Fact]
    public async Task ChunksPipelinedInOneWriteAreOneMessageAndLastIsAnsweredWithTheNextHopsReply()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("220 ", c.Reply(), StringComparison.Ordinal);
        Assert.Matches("250[- ]CHUNKING\n", c.Command("EHLO client.test"));

        const string first = "Subject: chunks\r\n\r\nline one\r";
        const string second = "\n.dotted line\r\nlast line\r\n";
        c.Send("MAIL FROM:<sender@client.test>\r\nRCPT TO:<bob@example.test>\r\n"
            + $"BDAT {Encoding.ASCII.GetByteCount(first)}\r\n{first}BDAT {Encoding.ASCII.GetByteCount(second)} LAST\r\n{second}");

        Assert.Equal("250 2.1.0 Ok\n", c.Reply());
        Assert.Equal("250 2.1.5 Ok\n", c.Reply());
        Assert.Equal("250 2.0.0 28 octets received\n", c.Reply());
        Assert.Equal("250 queued as 1\n", c.Reply());
        var relayed = Assert.Single(sink.Transactions);
        Assert.EndsWith("Subject: chunks\r\n\r\nline one\r\n.dotted line\r\nlast line\r\n", relayed.Data, StringComparison.Ordinal);
        Assert.Contains("\r\n..dotted line\r\n", relayed.Wire, StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("NOOP"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABareCrBeforeADotReachesTheNextHopAsALineEndWithTheDotDoubledNotAsTheEndOfTheMessage()
    {
        // "CR . CR LF" read as the end of DATA by a lenient next hop would make what follows a
        // second message that Vigil never judged (SMTP smuggling): it must arrive as one message.
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);

        const string message = "Subject: one\r\n\r\nbody\r.\r\nMAIL FROM:<smuggled@evil.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: two\r\n\r\nx\r\n";
        c.Send($"BDAT {Encoding.ASCII.GetByteCount(message)} LAST\r\n{message}");

        Assert.StartsWith("250 ", c.Reply(), StringComparison.Ordinal);
        var relayed = Assert.Single(sink.Transactions);
        Assert.Equal("<sender@client.test>", relayed.MailFrom);
        Assert.Contains("body\r\n..\r\nMAIL FROM:<smuggled@evil.test>\r\n", relayed.Wire, StringComparison.Ordinal);
        Assert.DoesNotContain("\r.\r", relayed.Wire, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BdatLastGivesTheVerdictABannedNameIsQuarantined()
    {
        await using var sink = new SmtpSink();
        using var control = new TempDir();
        control.Write("options", $"quarantine={control.Path}/q\n");
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);
        var message = "Subject: photos\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
            + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"party.pif\"\r\n\r\nMZ\r\n--b--\r\n";

        c.Send($"BDAT {message.Length} LAST\r\n{message}");

        Assert.StartsWith("250 2.7.0 Ok, quarantined (", c.Reply(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(control.Path, "q", "policy", "new")));
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task TheSizeIsCountedAcrossChunksAndTheFailedTransactionsLaterChunksAreSkipped()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);
        var sixty = "Subject: s\r\n\r\n" + new string('x', 44) + "\r\n";

        c.Send($"BDAT 60\r\n{sixty}BDAT 60\r\n{sixty}BDAT 6 LAST\r\nQUIT\r\n");

        Assert.Equal("250 2.0.0 60 octets received\n", c.Reply());
        Assert.Equal("552 5.3.4 Message size exceeds fixed limit\n", c.Reply());
        // The transaction is over: the last chunk is refused, and its octets ("QUIT") are not a command.
        Assert.Equal("503 5.5.1 Need MAIL command\n", c.Reply());
        Assert.StartsWith("250 ", c.Command("NOOP"), StringComparison.Ordinal);
        Assert.Empty(sink.Transactions);
        vigil.WaitForLog("refused oversize");

        Assert.StartsWith("250 ", c.Command("MAIL FROM:<sender@client.test>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("RCPT TO:<bob@example.test>"), StringComparison.Ordinal);
        c.Send("BDAT 15 LAST\r\nSubject: ok\r\n\r\n");
        Assert.Equal("250 queued as 1\n", c.Reply());
        Assert.Single(sink.Transactions);
    }

    [Theory]
    [InlineData(false, 8, true)]
    [InlineData(true, 8, true)]
    [InlineData(false, 9, false)]
    [InlineData(true, 9, false)]
    public async Task DataAndBdatCountTheSameOctetsWithCrlfLineEnds(bool bdat, int bodyLines, bool accepted)
    {
        // "Subject: s" CRLF CRLF and lines of 8 octets CRLF, limit 101: 8 lines are 94 octets,
        // 9 lines 104. Counted with LF line ends, 9 lines would be 93 and slip under the limit.
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small with { MaxMessageSize = 101 });
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);
        var message = "Subject: s\r\n\r\n" + string.Concat(Enumerable.Repeat("12345678\r\n", bodyLines));
        Assert.Equal(14 + (10 * bodyLines), Encoding.ASCII.GetByteCount(message));

        string reply;
        if (bdat)
        {
            c.Send($"BDAT {message.Length} LAST\r\n{message}");
            reply = c.Reply();
        }
        else
        {
            Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
            reply = c.Command(message + ".");
        }

        if (accepted)
        {
            Assert.Equal("250 queued as 1\n", reply);
            Assert.Single(sink.Transactions);
        }
        else
        {
            Assert.StartsWith("552 5.3.4 ", reply, StringComparison.Ordinal);
            Assert.Empty(sink.Transactions);
        }
    }

    [Fact]
    public async Task AHeaderBlockOverItsLimitAcrossChunksIsRefused()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);
        var header = "X-Long: " + new string('h', 30) + "\r\n";

        c.Send($"BDAT {header.Length}\r\n{header}BDAT {header.Length + 2} LAST\r\n{header}\r\n");

        Assert.StartsWith("250 2.0.0 ", c.Reply(), StringComparison.Ordinal);
        Assert.Equal("552 5.3.4 Message header exceeds fixed limit\n", c.Reply());
        Assert.Empty(sink.Transactions);
    }

    [Fact]
    public async Task DataAfterBdatInOneTransactionIsRefused503UntilRset()
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);
        c.Send("BDAT 9\r\nSubject: ");
        Assert.Equal("250 2.0.0 9 octets received\n", c.Reply());

        Assert.Equal("503 5.5.1 DATA after BDAT in one transaction, send RSET\n", c.Command("DATA"));
        Assert.StartsWith("250 ", c.Command("RSET"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("MAIL FROM:<sender@client.test>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("RCPT TO:<bob@example.test>"), StringComparison.Ordinal);
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
        Assert.Equal("250 queued as 1\n", c.Command("Subject: by data\r\n\r\nbody\r\n."));
        // The chunk before RSET was dropped with its transaction.
        Assert.StartsWith("Subject: by data\r\n", Assert.Single(sink.Transactions).Data[(sink.Transactions[0].Data.IndexOf("Subject:", StringComparison.Ordinal))..], StringComparison.Ordinal);
        Assert.DoesNotContain("Subject: Subject:", sink.Transactions[0].Data, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BDAT 101", "552 5.3.4 Chunk exceeds the message size limit, closing\n")]
    [InlineData("BDAT 99999999999999999999 LAST", "501 5.5.4 Syntax: BDAT size [LAST], closing\n")]
    [InlineData("BDAT ten", "501 5.5.4 Syntax: BDAT size [LAST], closing\n")]
    [InlineData("BDAT 5 FIRST", "501 5.5.4 Syntax: BDAT size [LAST], closing\n")]
    public async Task AChunkThatCannotBeSkippedClosesTheConnection(string command, string reply)
    {
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port, Small);
        using var c = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", c.Open(), StringComparison.Ordinal);

        Assert.Equal(reply, c.Command(command));
        Assert.True(c.Closed());
        Assert.Empty(sink.Transactions);
    }
}
