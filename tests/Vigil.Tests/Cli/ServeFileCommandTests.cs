using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Vigil.Testing;

namespace Vigil.Tests.Cli;

/// <summary>
/// `vigil serve --control DIR` with its settings in the control directory's `serve` file (the same
/// as the command-line flags, a flag winning over its key): the real command listens where the file
/// says, greets with its host name and relays to its next hop; a bad line stops it with the line
/// said; SIGTERM stops it with exit 0.
/// </summary>
public class ServeFileCommandTests
{
    [Fact]
    public void ABadLineInTheServeFileStopsTheStartWithItsLine()
    {
        using var control = new TempDir();
        control.Write("serve", "# listeners\nsmtpport=2525\nmaxrecipients=lots\n");

        var r = VigilProcess.Run(["serve", "--control", control.Path]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("vigil: serve:2: unknown key 'smtpport'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("vigil: serve:3: maxrecipients: 'lots' is not a number", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServeFileAloneRunsTheGatewayAndAFlagWinsOverItsKey()
    {
        await using var sink = new SmtpSink();
        using var control = new TempDir();
        var port = PeerScript.FreePort();
        control.Write("serve", $"smtp=127.0.0.1:{PeerScript.Text(port)}\nrelay=127.0.0.1:{PeerScript.Text(sink.Port)}\nhostname=gw.file.test\nmaxrecipients=1\n");

        using (var vigil = Start(control.Path))
        {
            var session = Converse(port, ["EHLO client.test", "MAIL FROM:<a@client.test>", "RCPT TO:<b@example.test>", "RCPT TO:<c@example.test>", "DATA", "Subject: s\r\n\r\nbody\r\n.", "QUIT"]);
            Assert.StartsWith("220 gw.file.test ESMTP Vigil\n", session, StringComparison.Ordinal);
            Assert.Contains("452 4.5.3 Too many recipients\n", session, StringComparison.Ordinal);
            Assert.Equal(["<b@example.test>"], Assert.Single(sink.Transactions).RcptTo);
            Assert.Equal(0, Stop(vigil));
        }

        using (var vigil = Start(control.Path, "--hostname", "gw.flag.test"))
        {
            Assert.StartsWith("220 gw.flag.test ESMTP Vigil\n", Converse(port, ["QUIT"]), StringComparison.Ordinal);
            Assert.Equal(0, Stop(vigil));
        }
    }

    private static Process Start(string control, params string[] more)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "vigil.dll"), "serve", "--control", control, .. more])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("VIGIL_CONTROL");
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>SIGTERM, as systemd and svc -d send it; the exit code.</summary>
    private static int Stop(Process vigil)
    {
        using (var kill = Process.Start("kill", ["-TERM", vigil.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!vigil.WaitForExit(60_000))
        {
            vigil.Kill(entireProcessTree: true);
            return -1;
        }

        return vigil.ExitCode;
    }

    /// <summary>Connects once the listener is up (it starts in the background), sends each line after the previous reply, returns every reply.</summary>
    private static string Converse(int port, string[] lines)
    {
        using var tcp = new TcpClient();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                tcp.Connect("127.0.0.1", port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(100);
            }
        }

        tcp.ReceiveTimeout = 30_000;
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var transcript = new StringBuilder();
        ReadReply(reader, transcript);
        foreach (var line in lines)
        {
            stream.Write(Encoding.ASCII.GetBytes(line + "\r\n"));
            ReadReply(reader, transcript);
        }

        return transcript.ToString();
    }

    private static void ReadReply(StreamReader reader, StringBuilder transcript)
    {
        while (reader.ReadLine() is { } line)
        {
            transcript.Append(line).Append('\n');
            if (line.Length < 4 || line[3] != '-')
            {
                return;
            }
        }
    }
}
