using System.Diagnostics;
using Vigil.Testing;

namespace Vigil.Server.Tests.Milter;

/// <summary>
/// A real Postfix of a test's own (scripts/postfix.sh: private config and queue, loopback, mail
/// for example.test into Maildirs under the run dir) with `smtpd_milters` pointing at Vigil and
/// `milter_default_action = tempfail`, and swaks to talk to it. Stopped and removed on dispose.
/// </summary>
public sealed class PrivatePostfix : IDisposable
{
    private readonly PeerScript _script;

    public PrivatePostfix(int milterPort)
        : this("inet:127.0.0.1:" + PeerScript.Text(milterPort))
    {
    }

    /// <param name="milter">Postfix's `smtpd_milters` value: `inet:HOST:PORT` or `unix:/PATH`.</param>
    public PrivatePostfix(string milter)
    {
        RunDir = Path.Combine(Path.GetTempPath(), "vigil-postfix-test-" + Guid.NewGuid().ToString("N")[..12]);
        Port = PeerScript.FreePort();
        _script = new PeerScript("postfix.sh", new Dictionary<string, string>
        {
            ["VIGIL_POSTFIX_DIR"] = RunDir,
            ["VIGIL_POSTFIX_PORT"] = PeerScript.Text(Port),
            ["VIGIL_POSTFIX_MILTER"] = milter,
        });
        _script.InstallAndStart("postfix");
    }

    public string RunDir { get; }

    public int Port { get; }

    /// <summary>The messages delivered to a mailbox of example.test.</summary>
    public string[] Delivered(string user)
    {
        var dir = Path.Combine(RunDir, "mail", "example.test", user, "new");
        return Directory.Exists(dir) ? Directory.GetFiles(dir) : [];
    }

    /// <summary>The messages in Postfix's hold queue.</summary>
    public string[] Held()
    {
        var dir = Path.Combine(RunDir, "spool", "hold");
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories) : [];
    }

    /// <summary>Waits until <paramref name="count"/> returns at least <paramref name="atLeast"/> (delivery is asynchronous).</summary>
    public static bool WaitFor(Func<int> count, int atLeast, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (count() >= atLeast)
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return count() >= atLeast;
    }

    /// <summary>Runs swaks against this Postfix; returns its exit code and transcript.</summary>
    public (int ExitCode, string Output) Swaks(params string[] arguments)
    {
        var psi = new ProcessStartInfo("swaks") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--server", "127.0.0.1", "--port", PeerScript.Text(Port), "--helo", "client.test", .. arguments])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "swaks did not finish in 2 minutes");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public string MailLog => File.Exists(Path.Combine(RunDir, "log", "maillog")) ? File.ReadAllText(Path.Combine(RunDir, "log", "maillog")) : "";

    public void Dispose()
    {
        _script.Run("stop");
        PeerScript.DeleteQuietly(RunDir);
    }
}
