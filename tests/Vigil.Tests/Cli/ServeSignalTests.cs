using System.Net.Sockets;
using System.Text;
using Vigil.Testing;

namespace Vigil.Tests.Cli;

/// <summary>
/// The real `vigil serve` under signals and a service manager: SIGHUP reloads (the process lives
/// on, an open SMTP session goes on and its message is relayed); started as systemd starts a
/// `Type=notify` unit (SYSTEMD_EXEC_PID, NOTIFY_SOCKET: a datagram socket this test listens on,
/// no systemd-notify) it says READY=1 once listening and STOPPING=1 on SIGTERM, then exits 0.
/// </summary>
public class ServeSignalTests
{
    [Fact]
    public async Task SighupReloadsAndAnOpenSessionGoesOnToDeliverItsMessage()
    {
        await using var sink = new SmtpSink();
        using var control = new TempDir();
        var port = PeerScript.FreePort();
        control.Write("tcp.smtp", "127.0.0.1:allow\n");
        using var vigil = new ServeProcess(["--control", control.Path, "--smtp", $"127.0.0.1:{PeerScript.Text(port)}", "--relay", $"127.0.0.1:{PeerScript.Text(sink.Port)}", "--hostname", "gw.hup.test"]);
        using var tcp = ServeProcess.Connect(port);
        var session = new SmtpLines(tcp.GetStream());
        Assert.StartsWith("220 gw.hup.test", session.Reply(), StringComparison.Ordinal);
        Assert.StartsWith("250", session.Command("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("250", session.Command("MAIL FROM:<a@client.test>"), StringComparison.Ordinal);

        vigil.Signal("HUP");
        vigil.WaitForOutput("reloaded (SIGHUP): 1 client rules");

        Assert.True(vigil.Running, vigil.Output);
        Assert.StartsWith("250", session.Command("RCPT TO:<b@example.test>"), StringComparison.Ordinal);
        Assert.StartsWith("354", session.Command("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 queued as 1", session.Command("Subject: across a reload\r\n\r\nbody\r\n."), StringComparison.Ordinal);
        Assert.Single(sink.Transactions);
        Assert.StartsWith("221", session.Command("QUIT"), StringComparison.Ordinal);
        Assert.Equal(0, vigil.Stop());
    }

    [Fact]
    public void StartedAsASystemdNotifyServiceItSaysReadyWhenListeningAndStoppingOnSigterm()
    {
        using var dir = new TempDir();
        var notify = Path.Combine(dir.Path, "notify");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(notify));
        listener.ReceiveTimeout = 60_000;
        var port = PeerScript.FreePort();
        using var vigil = new ServeProcess(["--smtp", $"127.0.0.1:{PeerScript.Text(port)}", "--relay", "127.0.0.1:25", "--hostname", "gw.systemd.test"],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify }, systemd: true);

        Assert.Equal("READY=1", Receive(listener, vigil));
        // READY=1 came after the listener was bound: it answers at once.
        using (var tcp = ServeProcess.Connect(port))
        {
            Assert.StartsWith("220 gw.systemd.test", new SmtpLines(tcp.GetStream()).Reply(), StringComparison.Ordinal);
        }

        vigil.Signal("TERM");
        Assert.Equal("STOPPING=1", Receive(listener, vigil));
        Assert.Equal(0, vigil.Stop());
    }

    private static string Receive(Socket listener, ServeProcess vigil)
    {
        var buffer = new byte[4096];
        try
        {
            var n = listener.Receive(buffer);
            return Encoding.UTF8.GetString(buffer, 0, n).Trim();
        }
        catch (SocketException e)
        {
            throw new Xunit.Sdk.XunitException($"nothing on NOTIFY_SOCKET ({e.SocketErrorCode}):\n{vigil.Output}");
        }
    }
}
