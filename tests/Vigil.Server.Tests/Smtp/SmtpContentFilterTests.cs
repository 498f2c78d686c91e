using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// Vigil as Postfix's after-queue `content_filter` (amavisd-new's place): Postfix takes the mail
/// from swaks, hands it to `vigil serve` with XFORWARD (the real client's HELO and address), Vigil
/// relays what it passes to Postfix's re-injection smtpd, which delivers it. What Vigil refuses
/// never comes back: Postfix logs Vigil's 554 and returns the mail to its sender.
/// </summary>
public class SmtpContentFilterTests
{
    private const string EicarBase64 = "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=";

    [Fact]
    public async Task PostfixHandsMailToVigilWhichReinjectsCleanMailAndRefusesEicar()
    {
        using var clamd = new PrivateClamdProcess();
        using var control = new TempDir();
        control.Write("scanners", $"clamd {clamd.TcpText}\n");
        control.Write("options", $"statusheader=yes\nvirusaction=reject\nquarantine={control.Path}/q\n");
        control.Write("tcp.smtp", "127.0.0.1:allow,RELAYCLIENT=\"\",VIGIL_XCLIENT=\"1\"\n");
        var eicar = control.Write("eicar.bin", "");
        File.WriteAllBytes(eicar, Convert.FromBase64String(EicarBase64));
        var reinject = PeerScript.FreePort();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, reinject);
        using var postfix = new PostfixPeer(new Dictionary<string, string>
        {
            ["VIGIL_POSTFIX_FILTER_PORT"] = PeerScript.Text(vigil.Port),
            ["VIGIL_POSTFIX_REINJECT_PORT"] = PeerScript.Text(reinject),
        });

        var clean = Swaks.Run(postfix.Port, "--from", "sender@client.test", "--to", "alice@example.test", "--header", "Subject: through the filter", "--body", "clean body");
        Assert.True(clean.ExitCode == 0, clean.Output);
        var delivered = File.ReadAllText(Assert.Single(postfix.WaitForDelivered("alice", 1)));
        var header = delivered[..delivered.IndexOf("\n\n", StringComparison.Ordinal)];
        // XFORWARD: Vigil's Received line names swaks's HELO, not Postfix's own EHLO name.
        Assert.Contains("Received: from client.test ([127.0.0.1])\n\tby gw.vigil.test (Vigil) with ESMTP;", header, StringComparison.Ordinal);
        Assert.Contains("\nX-Vigil-Status: clean; parts=1; bytes=", header, StringComparison.Ordinal);
        // XFORWARD passed on: the re-injecting smtpd logs the first queue id and the real client (amavisd-new's way).
        Assert.Matches(@"postfix/smtpd\[\d+\]: [0-9A-F]+: client=localhost\[127\.0\.0\.1\], orig_queue_id=[0-9A-F]+, orig_client=localhost\[127\.0\.0\.1\]\n", postfix.MailLog);
        Assert.Contains("clean body", delivered, StringComparison.Ordinal);
        vigil.WaitForLog("smtp 127.0.0.1: delivered");

        // Postfix accepted it from swaks before the filter ran (after-queue): Vigil's 554 shows in Postfix's log.
        var virus = Swaks.Run(postfix.Port, "--from", "sender@client.test", "--to", "alice@example.test", "--header", "Subject: invoice",
            "--attach-type", "application/octet-stream", "--attach-name", "invoice.dat", "--attach", "@" + eicar);
        Assert.True(virus.ExitCode == 0, virus.Output);
        vigil.WaitForLog("smtp 127.0.0.1: rejected");
        Assert.True(WaitFor(() => postfix.MailLog.Contains("said: 554 5.7.1 Message refused (", StringComparison.Ordinal)), postfix.MailLog);
        Assert.Contains("status=bounced", postfix.MailLog, StringComparison.Ordinal);
        Assert.Single(postfix.Delivered("alice"));
    }

    private static bool WaitFor(Func<bool> condition, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition() && DateTime.UtcNow < until)
        {
            Thread.Sleep(100);
        }

        return condition();
    }
}
