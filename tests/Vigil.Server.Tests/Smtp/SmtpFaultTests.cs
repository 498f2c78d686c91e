using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// Faults a real peer will not make on demand, from small fakes: a next hop that stalls, drops the
/// connection in the middle of the message or answers garbage, and a clamd that stalls. Each ends
/// in 451 for the swaks client (which keeps the message: nothing lost) with no whole message at the
/// next hop (nothing delivered that the client will send again). The next hop's own 4xx/5xx is
/// passed back in code and text.
/// </summary>
public class SmtpFaultTests
{
    [Theory]
    [InlineData(FakeNextHop.Fault.StallAtGreeting, "timed out")]
    // Closed or reset, as the timing of the close falls: either way the next hop went away.
    [InlineData(FakeNextHop.Fault.DropMidData, "")]
    [InlineData(FakeNextHop.Fault.GarbageGreeting, "the next hop's reply is not SMTP")]
    public async Task AFaultyNextHopIs451AndGetsNoWholeMessage(FakeNextHop.Fault fault, string logged)
    {
        using var hop = new FakeNextHop(fault);
        await using var vigil = await SmtpTestHost.StartAsync(null, hop.Port, relayTimeout: TimeSpan.FromSeconds(2));

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "line 1\nline 2\nline 3\nline 4\nline 5");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("<** 451 4.4.0 Next hop failed, try again later", r.Output, StringComparison.Ordinal);
        Assert.Equal(1, hop.Connections);
        Assert.Equal(0, hop.WholeMessages);
        var line = vigil.WaitForLog("smtp 127.0.0.1: deferred");
        Assert.Contains($"127.0.0.1:{PeerScript.Text(hop.Port)}: {logged}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APooledConnectionTheNextHopClosedSilentlyIsRetriedOnAFreshOneAndTheMessageSentOnce()
    {
        using var hop = new FakeNextHop(FakeNextHop.Fault.CloseAfterFirstMessage);
        await using var vigil = await SmtpTestHost.StartAsync(null, hop.Port, configure: o => o with { RelayIdleTimeout = TimeSpan.FromMinutes(5) });

        var first = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "first");
        var second = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "second");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(2, hop.Connections);
        Assert.Equal(2, hop.WholeMessages);
        vigil.WaitForLog("reused connection failed");
    }

    [Fact]
    public async Task AConnectionWhoseNextHopAnsweredOutOfStepIsClosedNotPooled()
    {
        // 250 to DATA: the next message on that connection would read every reply one step late.
        using var hop = new FakeNextHop(FakeNextHop.Fault.OutOfStepAtFirstData);
        await using var vigil = await SmtpTestHost.StartAsync(null, hop.Port, configure: o => o with { RelayIdleTimeout = TimeSpan.FromMinutes(5) });

        var first = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "first");
        var second = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "second");

        Assert.Contains("<** 451 4.4.0 Next hop failed, try again later", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(2, hop.Connections);
        Assert.Equal(1, hop.WholeMessages);
    }

    [Fact]
    public async Task ANextHopThatTookTheWholeMessageAndThenWentSilentIs451WithoutARetry()
    {
        using var hop = new FakeNextHop(FakeNextHop.Fault.SilentAfterSecondDot);
        await using var vigil = await SmtpTestHost.StartAsync(null, hop.Port, configure: o => o with { RelayIdleTimeout = TimeSpan.FromMinutes(5) });

        var first = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "first");
        var second = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "second");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("<** 451 4.4.0 Next hop failed, try again later", second.Output, StringComparison.Ordinal);
        // The reused connection failed after the message's bytes went: not sent again on a new one
        // (the client's own retry may bring a second copy, RFC 1047; Vigil adds none).
        Assert.Equal(1, hop.Connections);
        Assert.Equal(2, hop.WholeMessages);
        Assert.DoesNotContain(vigil.Log.Lines, l => l.Contains("reused connection failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpportunisticTlsTheNextHopCannotDoFallsBackToClearOnANewConnectionAndRequireDefers()
    {
        using var hop = new FakeNextHop(FakeNextHop.Fault.StartTlsRefused);
        using var control = new TempDir();
        control.Write("smtproutes", $"example.test:127.0.0.1:{PeerScript.Text(hop.Port)}\nsecret.test:127.0.0.1:{PeerScript.Text(hop.Port)} tls=require\n");
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, null);

        var may = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "may");
        Assert.True(may.ExitCode == 0, may.Output + vigil.Log.Text);
        Assert.Equal(2, hop.Connections);
        Assert.Equal(1, hop.WholeMessages);

        var require = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@secret.test", "--body", "require");
        Assert.Contains("<** 451 4.4.0 Next hop failed, try again later", require.Output, StringComparison.Ordinal);
        Assert.Contains("STARTTLS answered 454", vigil.WaitForLog("smtp 127.0.0.1: deferred"), StringComparison.Ordinal);
        Assert.Equal(1, hop.WholeMessages);
    }

    [Theory]
    [InlineData("550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown")]
    [InlineData("452 4.2.2 <bob@example.test>: Mailbox full")]
    public async Task TheNextHopsOwnRefusalIsPassedBackInCodeAndText(string refusal)
    {
        await using var sink = new SmtpSink { RcptReply = refusal };
        await using var vigil = await SmtpTestHost.StartAsync(null, sink.Port);

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "x");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("<** " + refusal, r.Output, StringComparison.Ordinal);
        Assert.Empty(sink.Transactions);
        vigil.WaitForLog(refusal[0] == '5' ? "smtp 127.0.0.1: refused-by-next-hop" : "smtp 127.0.0.1: deferred");
    }

    [Fact]
    public async Task AStalledClamdIs451AndNothingIsRelayed()
    {
        using var clamd = new FakeClamd(async (s, ct) =>
        {
            await FakeClamd.ReadRequestAsync(s, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var control = new TempDir();
        control.Write("scanners", $"clamd tcp:{clamd.Address.Host}:{clamd.Address.Port} readtimeout=1 timeout=2\n");
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port);

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "x");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("<** 451 4.7.1 Message deferred (", r.Output, StringComparison.Ordinal);
        Assert.Empty(sink.Transactions);
        vigil.WaitForLog("smtp 127.0.0.1: deferred");
    }
}
