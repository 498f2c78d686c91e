using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// Recipients with different profiles (`rcptprofiles`): one transaction is judged once, so a
/// recipient of another profile than the first is deferred 452 4.5.3 (the client sends it again in
/// its own transaction, as with amavisd-new), and each transaction is judged under its own profile.
/// </summary>
public class SmtpRecipientProfileTests
{
    [Fact]
    public async Task ARecipientOfAnotherProfileIs452AndEachTransactionIsJudgedUnderItsOwn()
    {
        using var control = new TempDir();
        var strict = Path.Combine(control.Path, "strict");
        control.Write("strict/badsubjects", "QUARTERLY\n");
        control.Write("strict/options", "policyaction=reject\n");
        control.Write("rcptprofiles", $"# the strict department\nstrict.example.test:{strict}\n");
        await using var sink = new SmtpSink();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port);
        using var c = new RawSmtpClient(vigil.Port);

        Assert.StartsWith("250 ", c.Open(recipient: "ann@strict.example.test"), StringComparison.Ordinal);
        Assert.Equal("452 4.5.3 Recipient has another policy, send it in another transaction\n", c.Command("RCPT TO:<bob@example.test>"));
        Assert.StartsWith("250 ", c.Command("RCPT TO:<cy@strict.example.test>"), StringComparison.Ordinal);
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("554 5.7.1 Message refused (badsubjects:", c.Command("Subject: QUARTERLY figures\r\n\r\nbody\r\n."), StringComparison.Ordinal);

        // The deferred recipient in its own transaction: the control directory's policy only.
        Assert.StartsWith("250 ", c.Command("MAIL FROM:<sender@client.test>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("RCPT TO:<bob@example.test>"), StringComparison.Ordinal);
        Assert.StartsWith("354 ", c.Command("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", c.Command("Subject: QUARTERLY figures\r\n\r\nbody\r\n."), StringComparison.Ordinal);

        var relayed = Assert.Single(sink.Transactions);
        Assert.Equal(["<bob@example.test>"], relayed.RcptTo);
    }

    [Fact]
    public async Task AProfileDirectoryThatDoesNotExistStopsTheStart()
    {
        using var control = new TempDir();
        control.Write("rcptprofiles", "example.test:/nonexistent/vigil-profile\n");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SmtpTestHost.StartAsync(control.Path, PeerScript.FreePort()));
        Assert.Contains("rcptprofiles:1: profile directory /nonexistent/vigil-profile: No such directory", e.Message, StringComparison.Ordinal);
    }
}
