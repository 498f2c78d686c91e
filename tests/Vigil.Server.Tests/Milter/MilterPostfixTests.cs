using Vigil.Testing;

namespace Vigil.Server.Tests.Milter;

/// <summary>
/// Postfix from Debian as the real milter client (`smtpd_milters = inet:127.0.0.1:PORT`,
/// `milter_default_action = tempfail`), swaks as the SMTP client, a real clamd behind Vigil:
/// clean mail is delivered with X-Vigil-Status, EICAR refused with 554, quarantined mail lands in
/// Postfix's hold queue, and with Vigil gone the client is told 451.
/// </summary>
public class MilterPostfixTests
{
    private const string EicarBase64 = "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=";

    [Fact]
    public async Task PostfixDeliversCleanMailTaggedRefusesEicarWith554AndHoldsQuarantinedMail()
    {
        using var clamd = new PrivateClamdProcess();
        using var control = new TempDir();
        control.Write("scanners", $"clamd {clamd.TcpText}\n");
        control.Write("badsubjects", "HOLDME\n");
        control.Write("options", $"statusheader=yes\nvirusaction=reject\npolicyaction=quarantine\nquarantine={control.Path}/q\n");
        var eicar = control.Write("eicar.bin", "");
        File.WriteAllBytes(eicar, Convert.FromBase64String(EicarBase64));
        await using var vigil = await MilterTestHost.StartAsync(control.Path);
        using var postfix = new PrivatePostfix(vigil.Port);

        var clean = postfix.Swaks("--from", "sender@client.test", "--to", "alice@example.test", "--header", "Subject: hello", "--body", "plain body");
        Assert.True(clean.ExitCode == 0, clean.Output);
        Assert.True(PrivatePostfix.WaitFor(() => postfix.Delivered("alice").Length, 1), postfix.MailLog);
        var delivered = File.ReadAllText(Assert.Single(postfix.Delivered("alice")));
        var header = delivered[..delivered.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.Contains("\nX-Vigil-Status: clean; parts=1; bytes=", header, StringComparison.Ordinal);
        Assert.Contains("plain body", delivered, StringComparison.Ordinal);

        var virus = postfix.Swaks("--from", "sender@client.test", "--to", "alice@example.test", "--header", "Subject: invoice",
            "--attach-type", "application/octet-stream", "--attach-name", "invoice.com", "--attach", "@" + eicar);
        Assert.NotEqual(0, virus.ExitCode);
        Assert.Contains("<** 554 5.7.1 Vigil: message refused, virus found (", virus.Output, StringComparison.Ordinal);
        Assert.Contains("Eicar", virus.Output, StringComparison.OrdinalIgnoreCase);

        var hold = postfix.Swaks("--from", "sender@client.test", "--to", "alice@example.test", "--header", "Subject: HOLDME", "--body", "x");
        Assert.True(hold.ExitCode == 0, hold.Output);
        Assert.True(PrivatePostfix.WaitFor(() => postfix.Held().Length, 1), postfix.MailLog);
        Assert.Contains("milter triggers HOLD action", postfix.MailLog, StringComparison.Ordinal);

        // Only the clean message reached the mailbox.
        Thread.Sleep(500);
        Assert.Single(postfix.Delivered("alice"));
    }

    [Fact]
    public void WithVigilDownPostfixAnswers451AndDeliversNothing()
    {
        var nobody = PeerScript.FreePort();
        using var postfix = new PrivatePostfix(nobody);
        var r = postfix.Swaks("--from", "sender@client.test", "--to", "alice@example.test", "--body", "x");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("<** 451 4.7.1", r.Output, StringComparison.Ordinal);
        Assert.Empty(postfix.Delivered("alice"));
    }
}
