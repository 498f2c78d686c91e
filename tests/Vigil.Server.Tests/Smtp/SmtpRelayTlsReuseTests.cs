using System.Text.RegularExpressions;
using Vigil.Server.Relay;
using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// Towards the next hop: a real Postfix offering STARTTLS (a throwaway certificate) and, where the
/// test says, XFORWARD. Several messages from separate client sessions go over one TLS connection
/// (Postfix's log: one connect, one TLS handshake, RSET between the messages); a pooled connection
/// Postfix timed out is retried once on a fresh one; `tls=require` to a next hop without STARTTLS is
/// 451 with nothing sent; XFORWARD makes Postfix log the real client beside Vigil.
/// </summary>
public class SmtpRelayTlsReuseTests
{
    private static readonly Dictionary<string, string> Tls = new() { ["VIGIL_POSTFIX_TLS"] = "1" };

    [Fact]
    public async Task ThreeMessagesFromThreeSessionsGoOverOneTlsConnectionToPostfix()
    {
        using var postfix = new PostfixPeer(Tls);
        using var control = new TempDir();
        var vigil = await SmtpTestHost.StartAsync(control.Path, postfix.Port, configure: o => o with { RelayIdleTimeout = TimeSpan.FromMinutes(5) });
        try
        {
            foreach (var n in new[] { "one", "two", "three" })
            {
                var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--header", "Subject: " + n, "--body", "message " + n);
                Assert.True(r.ExitCode == 0, r.Output);
                Assert.Matches(@"<-  250 2\.0\.0 Ok: queued as [0-9A-Za-z]+", r.Output);
            }
        }
        finally
        {
            // The daemon's stop closes the pooled connection with QUIT: Postfix then logs the session's commands.
            await vigil.DisposeAsync();
        }

        var delivered = postfix.WaitForDelivered("bob", 3);
        Assert.Equal(3, delivered.Length);
        Assert.All(delivered, f => Assert.Contains("(using TLS", File.ReadAllText(f), StringComparison.Ordinal));
        var log = postfix.WaitForLog("disconnect from");
        // One SMTP session (scripts/postfix.sh's start-up probe connects too, but says nothing), one TLS handshake.
        var disconnect = Assert.Single(PostfixPeer.SessionEnd().Matches(log)).Value;
        Assert.Single(Regex.Matches(log, @"TLS connection established from [^\[]*\[127\.0\.0\.1\]"));
        Assert.Contains(" starttls=1 ", disconnect, StringComparison.Ordinal);
        Assert.Contains(" mail=3 ", disconnect, StringComparison.Ordinal);
        Assert.Contains(" data=3 ", disconnect, StringComparison.Ordinal);
        Assert.Contains(" rset=2 ", disconnect, StringComparison.Ordinal);
        Assert.Contains(" quit=1 ", disconnect, StringComparison.Ordinal);
        Assert.Single(vigil.Log.Lines, l => l.Contains($"relay 127.0.0.1:{PeerScript.Text(postfix.Port)}: connected, Tls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APooledConnectionPostfixTimedOutIsRetriedOnceOnAFreshOne()
    {
        using var postfix = new PostfixPeer(new Dictionary<string, string> { ["VIGIL_POSTFIX_MAIN_EXTRA"] = "smtpd_timeout = 3s" });
        using var control = new TempDir();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, postfix.Port, configure: o => o with { RelayIdleTimeout = TimeSpan.FromMinutes(5) });

        var first = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "first");
        Assert.True(first.ExitCode == 0, first.Output);
        // Postfix gives up on the idle pooled connection (421 and close), which Vigil still holds.
        postfix.WaitForLog("timeout after END-OF-MESSAGE");

        var second = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "second");

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Matches(@"<-  250 2\.0\.0 Ok: queued as [0-9A-Za-z]+", second.Output);
        vigil.WaitForLog("reused connection failed");
        Assert.Equal(2, postfix.WaitForDelivered("bob", 2).Length);
        Assert.Equal(2, vigil.Log.Lines.Count(l => l.Contains($"relay 127.0.0.1:{PeerScript.Text(postfix.Port)}: connected", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TlsRequireToANextHopWithoutStartTlsIs451AndNothingIsSent()
    {
        await using var sink = new SmtpSink();
        using var control = new TempDir();
        control.Write("smtproutes", $"example.test:127.0.0.1:{PeerScript.Text(sink.Port)} tls=require\n");
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, null);

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "secret");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("<** 451 4.4.0 Next hop failed, try again later", r.Output, StringComparison.Ordinal);
        Assert.Contains("STARTTLS not offered and the route says tls=require", vigil.WaitForLog("smtp 127.0.0.1: deferred"), StringComparison.Ordinal);
        Assert.Empty(sink.Transactions);
        Assert.DoesNotContain(sink.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task XforwardTellsPostfixTheRealClientWhichItLogsAsOrigClient()
    {
        using var postfix = new PostfixPeer(new Dictionary<string, string> { ["VIGIL_POSTFIX_XFORWARD_HOSTS"] = "127.0.0.0/8" });
        using var control = new TempDir();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, postfix.Port);

        // The client comes from 127.0.0.2 (loopback, Linux answers the whole 127/8), Vigil from 127.0.0.1.
        var r = Swaks.Run(vigil.Port, "--local-interface", "127.0.0.2", "--from", "sender@client.test", "--to", "bob@example.test", "--body", "forwarded");

        Assert.True(r.ExitCode == 0, r.Output);
        var delivered = File.ReadAllText(Assert.Single(postfix.WaitForDelivered("bob", 1)));
        Assert.Contains("Received: from client.test ([127.0.0.2])\n\tby gw.vigil.test (Vigil) with ESMTP;", delivered, StringComparison.Ordinal);
        // Postfix logs the connection (Vigil) and the client XFORWARD named (Vigil does no DNS: its name unknown).
        Assert.Matches(@"postfix/smtpd\[\d+\]: [0-9A-F]+: client=localhost\[127\.0\.0\.1\], orig_client=unknown\[127\.0\.0\.2\]\n", postfix.MailLog);
        vigil.WaitForLog("XFORWARD True");
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(0, 2)]
    public async Task TwoMessagesShareOneConnectionUnlessRelayConnectionsIsZero(int pooled, int connections)
    {
        await using var sink = new SmtpSink();
        using var control = new TempDir();
        var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port, configure: o => o with { RelayConnections = pooled, RelayIdleTimeout = TimeSpan.FromMinutes(5) });
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "x");
                Assert.True(r.ExitCode == 0, r.Output);
            }
        }
        finally
        {
            await vigil.DisposeAsync();
        }

        Assert.Equal(2, sink.Transactions.Count);
        string[] commands;
        lock (sink.Commands)
        {
            commands = [.. sink.Commands];
        }

        Assert.Equal(connections, commands.Count(c => c.StartsWith("EHLO ", StringComparison.Ordinal)));
        Assert.Equal(2 - connections, commands.Count(c => c == "RSET"));
        Assert.Equal(connections, commands.Count(c => c == "QUIT"));
    }

    [Fact]
    public void SmtproutesTakesATlsWordAfterTheRelayAndRefusesAnUnknownOne()
    {
        var (routes, errors) = SmtpRoutes.Parse(
            Engine.Policy.Control.ControlFileReader.Split("a.test:[10.0.0.1]:25 tls=require\nb.test:mx.b.test tls=no\n:relay.test\nc.test:mx.c.test tls=always\n"),
            "smtproutes", null, RelayTls.May);

        Assert.Equal(new NextHop("10.0.0.1", 25) { Tls = RelayTls.Require }, routes.For("x@a.test"));
        Assert.Equal(RelayTls.No, routes.For("x@b.test")!.Tls);
        Assert.Equal(RelayTls.May, routes.For("x@elsewhere.test")!.Tls);
        Assert.Equal(["smtproutes:4: 'tls=always' is not tls=may, tls=require or tls=no"], errors);
    }
}
