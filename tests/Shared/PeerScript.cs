using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
namespace Vigil.Testing;

/// <summary>
/// Runs one of the project's peer scripts (scripts/clamd.sh, spamd.sh, rspamd.sh) with its
/// environment: the one way every test project installs, starts and stops a real peer.
/// </summary>
public sealed class PeerScript(string name, IReadOnlyDictionary<string, string> environment)
{
    private readonly string _path = Path.Combine(TestPaths.RepoRoot, "scripts", name);

    /// <summary>install then start; throws with the script's own words when either fails.</summary>
    public void InstallAndStart(string peer)
    {
        var install = Run("install");
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"{peer} is needed for these tests and could not be installed (scripts/{name} install): {install.Output}");
        }

        var start = Run("start");
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException($"{peer} is needed for these tests and did not start (scripts/{name} start): {start.Output}");
        }
    }

    public (int ExitCode, string Output) Run(string verb)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(_path);
        psi.ArgumentList.Add(verb);
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"scripts/{name} {verb} did not finish in 10 minutes");
        }

        return (p.ExitCode, (stdout.Result + stderr.Result).Trim());
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    public static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
