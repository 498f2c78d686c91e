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
            Assert.True(session.StartsWith("220 gw.file.test ESMTP Vigil\n", StringComparison.Ordinal), session + Said(vigil));
            Assert.True(session.Contains("452 4.5.3 Too many recipients\n", StringComparison.Ordinal), session + Said(vigil));
            Assert.Equal(["<b@example.test>"], Assert.Single(sink.Transactions).RcptTo);
            var exit = Stop(vigil);
            Assert.True(exit == 0, $"exit {exit}: " + Said(vigil));
        }

        using (var vigil = Start(control.Path, "--hostname", "gw.flag.test"))
        {
            var session = Converse(port, ["QUIT"]);
            Assert.True(session.StartsWith("220 gw.flag.test ESMTP Vigil\n", StringComparison.Ordinal), session + Said(vigil));
            var exit = Stop(vigil);
            Assert.True(exit == 0, $"exit {exit}: " + Said(vigil));
        }
    }

    private static Process Start(string control, params string[] more)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "vigil.dll"), "serve", "--control", control, .. more])
        {
            psi.ArgumentList.Add(a);
        }

        HostIsolation.Apply(psi);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => Keep(p, e.Data);
        p.ErrorDataReceived += (_, e) => Keep(p, e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, StringBuilder> Output = [];

    private static void Keep(Process p, string? line)
    {
        if (line is null)
        {
            return;
        }

        var output = Output.GetOrCreateValue(p);
        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    /// <summary>What the daemon wrote so far, for a failure's message.</summary>
    private static string Said(Process p)
    {
        var output = Output.GetOrCreateValue(p);
        lock (output)
        {
            return output.ToString();
        }
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
        var until = DateTime.UtcNow.AddSeconds(60);
        TcpClient tcp;
        while (true)
        {
            // A new socket each try: one whose connect failed is not used again.
            tcp = new TcpClient();
            try
            {
                tcp.Connect("127.0.0.1", port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                tcp.Dispose();
                Thread.Sleep(100);
            }
        }

        using var owned = tcp;
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
