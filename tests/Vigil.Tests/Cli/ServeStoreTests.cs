using System.Text.Json;
using Vigil.Testing;

namespace Vigil.Tests.Cli;

/// <summary>
/// `vigil serve` writes the store (`store=` in options) for what its SMTP listener judged, as the
/// doors do for theirs: a message relayed through the real daemon is found by `vigil track`
/// with door smtp, its verdict and the client's address.
/// </summary>
public class ServeStoreTests
{
    [Fact]
    public async Task AMessageTheSmtpListenerRelayedIsInTheStoreWithDoorSmtp()
    {
        await using var sink = new SmtpSink();
        using var control = new TempDir();
        var store = Path.Combine(control.Path, "store.db");
        control.Write("options", $"store=sqlite:{store}\n");
        var port = PeerScript.FreePort();
        using (var vigil = new ServeProcess(["--control", control.Path, "--smtp", $"127.0.0.1:{PeerScript.Text(port)}", "--relay", $"127.0.0.1:{PeerScript.Text(sink.Port)}", "--hostname", "gw.store.test"]))
        {
            using var tcp = ServeProcess.Connect(port);
            var smtp = new SmtpLines(tcp.GetStream());
            Assert.StartsWith("220 gw.store.test", smtp.Reply(), StringComparison.Ordinal);
            Assert.StartsWith("250", smtp.Command("EHLO client.test"), StringComparison.Ordinal);
            Assert.StartsWith("250", smtp.Command("MAIL FROM:<alice@client.test>"), StringComparison.Ordinal);
            Assert.StartsWith("250", smtp.Command("RCPT TO:<bob@example.test>"), StringComparison.Ordinal);
            Assert.StartsWith("354", smtp.Command("DATA"), StringComparison.Ordinal);
            Assert.StartsWith("250", smtp.Command("Subject: stored\r\nMessage-ID: <serve-store-1@client.test>\r\n\r\nbody\r\n."), StringComparison.Ordinal);
            Assert.StartsWith("221", smtp.Command("QUIT"), StringComparison.Ordinal);
            Assert.Equal(0, vigil.Stop());
        }

        Assert.Single(sink.Transactions);
        var track = VigilProcess.Run(["track", "--store", "sqlite:" + store, "--json", "bob@example.test"]);
        Assert.True(track.ExitCode == 0, track.Stderr);
        var row = JsonDocument.Parse(Assert.Single(track.Lines)).RootElement;
        Assert.Equal("smtp", row.GetProperty("door").GetString());
        Assert.Equal("clean", row.GetProperty("verdict").GetString());
        Assert.Equal("<serve-store-1@client.test>", row.GetProperty("messageId").GetString());
        Assert.Equal("alice@client.test", row.GetProperty("sender").GetString());
    }
}
