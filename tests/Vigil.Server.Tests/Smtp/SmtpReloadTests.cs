using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>
/// A changed control file reloads the listener files without dropping open sessions: a tcp.smtp
/// with an error is refused (logged with its line) and the rules in force stay, for new and open
/// sessions alike; a good one is taken for new connections while an open session goes on under the
/// rules it started with. A policy file with an error defers mail (451) until it is fixed: nothing
/// passes under a policy that could not be read.
/// </summary>
public class SmtpReloadTests
{
    [Fact]
    public async Task ABadClientRulesFileKeepsTheOldRulesAndAGoodOneIsTakenWithoutDroppingAnOpenSession()
    {
        await using var sink = new SmtpSink();
        using var control = new TempDir();
        control.Write("tcp.smtp", "127.0.0.1:allow\n");
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port);
        using var open = new RawSmtpClient(vigil.Port);
        Assert.StartsWith("250 ", open.Open(), StringComparison.Ordinal);

        control.Write("tcp.smtp", "127.0.0.1:allow\n127.0.0.1 deny with no colon\n");
        Assert.Contains("tcp.smtp:2:", vigil.WaitForLog("reload (control directory changed) refused"), StringComparison.Ordinal);
        using (var during = new RawSmtpClient(vigil.Port))
        {
            Assert.StartsWith("220 ", during.Reply(), StringComparison.Ordinal);
        }

        control.Write("tcp.smtp", "127.0.0.1:deny\n");
        vigil.WaitForLog("reloaded (control directory changed)");
        using (var after = new RawSmtpClient(vigil.Port))
        {
            Assert.Equal("554 5.7.1 Connection refused by the client rules\n", after.Reply());
        }

        // The session opened before both reloads delivers its message.
        Assert.StartsWith("354 ", open.Command("DATA"), StringComparison.Ordinal);
        Assert.Equal("250 queued as 1\n", open.Command("Subject: across reloads\r\n\r\nbody\r\n."));
        Assert.Single(sink.Transactions);
    }

    [Fact]
    public async Task APolicyFileWithAnErrorDefersMailUntilItIsFixed()
    {
        await using var sink = new SmtpSink();
        using var control = new TempDir();
        await using var vigil = await SmtpTestHost.StartAsync(control.Path, sink.Port);

        // The resident engine looks at its files once a second, and at once when the watcher saw a
        // change: the reload's log line says it has.
        control.Write("badsubjects", "(unclosed\n");
        vigil.WaitForLogLines("reloaded (control directory changed)", 1);
        var during = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "x");
        Assert.NotEqual(0, during.ExitCode);
        Assert.Contains("<** 451 4.", during.Output, StringComparison.Ordinal);
        Assert.Empty(sink.Transactions);

        File.Delete(Path.Combine(control.Path, "badsubjects"));
        vigil.WaitForLogLines("reloaded (control directory changed)", 2);
        var after = Swaks.Run(vigil.Port, "--from", "sender@client.test", "--to", "bob@example.test", "--body", "x");
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.Single(sink.Transactions);
    }
}
