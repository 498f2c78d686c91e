using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// `vigil serve --smtp` in front of a real Postfix (the next hop), a real clamd behind it, swaks
/// as the client: clean mail is relayed and answered 250 with Postfix's own words only after
/// Postfix took it; EICAR and broken MIME are refused 554 5.7.1, a banned name is quarantined
/// (250), none of them reaches Postfix; each leaves its log line.
/// </summary>
public class SmtpGatewayPostfixTests(GatewayPeers peers) : IClassFixture<GatewayPeers>
{
    private const string EicarBase64 = "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=";

    [Fact]
    public async Task CleanMailIsRelayedToPostfixAndAnswered250WithItsQueueIdAfterItAccepted()
    {
        using var control = Control();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, peers.Postfix.Port);

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--header", "Subject: hello", "--body", "a clean body");

        Assert.True(r.ExitCode == 0, r.Output);
        // Postfix's reply to the dot, passed back: the 250 came after the next hop accepted.
        Assert.Matches(@"<-  250 2\.0\.0 Ok: queued as [0-9A-Za-z]+", r.Output);
        var delivered = File.ReadAllText(Assert.Single(peers.Postfix.WaitForDelivered("bob", 1)));
        Assert.Contains("Received: from client.test ([127.0.0.1])\n\tby gw.vigil.test (Vigil) with ESMTP;", delivered, StringComparison.Ordinal);
        Assert.Contains("Subject: hello", delivered, StringComparison.Ordinal);
        Assert.Contains("a clean body", delivered, StringComparison.Ordinal);
        var line = vigil.WaitForLog("smtp 127.0.0.1: delivered");
        Assert.Contains("from=<sender@client.test> rcpts=1", line, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{PeerScript.Text(peers.Postfix.Port)}: 2.0.0 Ok: queued as", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EicarIsRefused554AndNeverReachesPostfix()
    {
        using var control = Control("virusaction=reject\n");
        var eicar = control.Write("eicar.bin", "");
        File.WriteAllBytes(eicar, Convert.FromBase64String(EicarBase64));
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, peers.Postfix.Port);

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "carol@example.test", "--header", "Subject: invoice",
            "--attach-type", "application/octet-stream", "--attach-name", "invoice.dat", "--attach", "@" + eicar);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("<** 554 5.7.1 Message refused (", r.Output, StringComparison.Ordinal);
        Assert.Contains("Eicar", r.Output, StringComparison.OrdinalIgnoreCase);
        var line = vigil.WaitForLog("smtp 127.0.0.1: rejected");
        Assert.Contains("Eicar", line, StringComparison.OrdinalIgnoreCase);
        AssertNothingRelayed(vigil, "carol");
    }

    [Fact]
    public async Task ABannedAttachmentNameIsQuarantinedAndAnswered250()
    {
        using var control = Control();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, peers.Postfix.Port);

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "dave@example.test", "--header", "Subject: photos",
            "--attach-type", "application/octet-stream", "--attach-name", "party.pif", "--attach", "@/etc/hostname");

        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("<-  250 2.7.0 Ok, quarantined (", r.Output, StringComparison.Ordinal);
        var quarantined = Assert.Single(Directory.GetFiles(Path.Combine(control.Path, "q", "policy", "new")));
        Assert.Contains("party.pif", File.ReadAllText(quarantined), StringComparison.Ordinal);
        vigil.WaitForLog("smtp 127.0.0.1: quarantined");
        AssertNothingRelayed(vigil, "dave");
    }

    [Theory]
    [InlineData(550, "<** 550 5.7.1 Message refused, quarantined (")]
    [InlineData(451, "<** 451 4.7.1 Message held in quarantine (")]
    public async Task TheQuarantineReplyIsTheServeFilesChoiceAndTheMessageIsKeptAllTheSame(int code, string reply)
    {
        using var control = Control();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, peers.Postfix.Port, configure: o => o with { QuarantineReply = code });

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", $"grace{code}@example.test", "--header", "Subject: photos",
            "--attach-type", "application/octet-stream", "--attach-name", "party.pif", "--attach", "@/etc/hostname");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(reply, r.Output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(control.Path, "q", "policy", "new")));
        vigil.WaitForLog("smtp 127.0.0.1: quarantined");
        AssertNothingRelayed(vigil, $"grace{code}");
    }

    [Fact]
    public async Task BrokenMimeIsRefused554WhenFormatActionIsReject()
    {
        using var control = Control("formataction=reject\n");
        var broken = control.Write("broken.eml",
            "From: sender@client.test\r\nTo: erin@example.test\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"never-used\"\r\n\r\nthe boundary never comes\r\n");

        await using var vigil = await SmtpTestHost.StartAsync(control.Path, peers.Postfix.Port);
        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "erin@example.test", "--data", "@" + broken);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("<** 554 5.7.1 Message refused (format:", r.Output, StringComparison.Ordinal);
        vigil.WaitForLog("smtp 127.0.0.1: rejected");
        AssertNothingRelayed(vigil, "erin");
    }

    [Fact]
    public async Task WithTheNextHopDownTheClientIsTold451()
    {
        using var control = Control();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, PeerScript.FreePort());

        var r = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "frank@example.test", "--body", "x");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("<** 451 4.4.0 Next hop failed, try again later", r.Output, StringComparison.Ordinal);
        Assert.Contains("deferred", vigil.WaitForLog("smtp 127.0.0.1: deferred"), StringComparison.Ordinal);
    }

    /// <summary>A control directory with the private clamd, a quarantine under it and <paramref name="options"/>.</summary>
    private TempDir Control(string options = "")
    {
        var control = new TempDir();
        control.Write("scanners", $"clamd {peers.Clamd.TcpText}\n");
        control.Write("options", $"quarantine={control.Path}/q\n" + options);
        return control;
    }

    /// <summary>
    /// Nothing reached <paramref name="user"/>'s mailbox: a clean message sent after the refused
    /// one through the same gateway is delivered, and it is the only one there.
    /// </summary>
    private void AssertNothingRelayed(SmtpTestHost vigil, string user)
    {
        var marker = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", user + "@example.test", "--header", "Subject: marker", "--body", "marker");
        Assert.True(marker.ExitCode == 0, marker.Output);
        var delivered = peers.Postfix.WaitForDelivered(user, 1);
        Assert.Contains("Subject: marker", File.ReadAllText(Assert.Single(delivered)), StringComparison.Ordinal);
    }
}
