using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// Towards a next hop that offers PIPELINING (a real Postfix, which refuses one recipient by its
/// own access map): the envelope goes out in one write and the replies are read in order. A
/// refusal inside the batch is passed back and the connection stays in step for the next message
/// (Postfix answers DATA 554 with no valid recipient, and the pooled connection carries the next
/// message); when Postfix took DATA with 354 for the recipients it did accept, Vigil closes the
/// connection without a dot, so nothing of the refused message is delivered.
/// </summary>
public class SmtpRelayPipeliningTests
{
    private static readonly Dictionary<string, string> RefusesOne = new()
    {
        ["VIGIL_POSTFIX_MAIN_EXTRA"] = "smtpd_recipient_restrictions = check_recipient_access inline:{refused@example.test=REJECT}, permit",
    };

    [Fact]
    public async Task TheOnlyRecipientRefusedInTheBatchIsPassedBackAndTheConnectionCarriesTheNextMessage()
    {
        using var postfix = new PostfixPeer(RefusesOne);
        using var control = new TempDir();
        var vigil = await SmtpTestHost.StartAsync(control.Path, postfix.Port, configure: o => o with { RelayIdleTimeout = TimeSpan.FromMinutes(5) });
        try
        {
            var refused = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "refused@example.test", "--body", "first");
            Assert.Matches(@"<\*\* 554 5\.7\.1 <refused@example\.test>: Recipient address rejected", refused.Output);

            var next = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "second");
            Assert.True(next.ExitCode == 0, next.Output);
            Assert.Matches(@"<-  250 2\.0\.0 Ok: queued as [0-9A-Za-z]+", next.Output);
        }
        finally
        {
            await vigil.DisposeAsync();
        }

        Assert.Single(postfix.WaitForDelivered("bob", 1));
        var log = postfix.WaitForLog("disconnect from");
        // One session carried both transactions: the refused one ended at DATA (554), the RSET put it back in step.
        var disconnect = Assert.Single(PostfixPeer.SessionEnd().Matches(log)).Value;
        Assert.Contains(" mail=2 ", disconnect, StringComparison.Ordinal);
        Assert.Contains(" rcpt=1/2 ", disconnect, StringComparison.Ordinal);
        Assert.Contains(" data=1/2 ", disconnect, StringComparison.Ordinal);
        Assert.Contains(" rset=1 ", disconnect, StringComparison.Ordinal);
        Assert.Single(vigil.Log.Lines, l => l.Contains($"relay 127.0.0.1:{PeerScript.Text(postfix.Port)}: connected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneRecipientRefusedBesideAnAcceptedOneRefusesTheMessageAndNothingIsDelivered()
    {
        using var postfix = new PostfixPeer(RefusesOne);
        using var control = new TempDir();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, postfix.Port, configure: o => o with { RelayIdleTimeout = TimeSpan.FromMinutes(5) });

        var refused = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test,refused@example.test", "--body", "half refused");
        Assert.Matches(@"<\*\* 554 5\.7\.1 <refused@example\.test>: Recipient address rejected", refused.Output);
        // Postfix said 354 for bob; the connection was closed in DATA, before any dot.
        postfix.WaitForLog("lost connection after DATA");

        var next = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "second");
        Assert.True(next.ExitCode == 0, next.Output);
        var delivered = Assert.Single(postfix.WaitForDelivered("bob", 1));
        Assert.Contains("second", File.ReadAllText(delivered), StringComparison.Ordinal);
        Assert.DoesNotContain(postfix.Delivered("bob"), f => File.ReadAllText(f).Contains("half refused", StringComparison.Ordinal));
    }
}
