using System.Diagnostics;
using Vigil.Testing;

namespace Vigil.Server.Tests.Smtp;

/// <summary>swaks (Debian's package, installed by scripts/postfix.sh) as the SMTP client of a test.</summary>
public static class Swaks
{
    /// <summary>Runs swaks against 127.0.0.1:<paramref name="port"/>; its exit code and whole transcript.</summary>
    public static (int ExitCode, string Output) Run(int port, params string[] arguments)
    {
        var psi = new ProcessStartInfo("swaks") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--server", "127.0.0.1", "--port", PeerScript.Text(port), "--helo", "client.test", "--timeout", "60", .. arguments])
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
}
