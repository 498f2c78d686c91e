using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Testing;

/// <summary>
/// A real clamd of a test's own, started by scripts/clamd.sh in a private run dir on a free port
/// (installed first when missing) and stopped and removed on dispose. When clamd cannot be
/// installed or started the constructor throws with the script's words: a virus test that passes
/// without a virus scanner proves nothing. Every test project shares this one way of starting it.
/// </summary>
public sealed class PrivateClamdProcess : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, string> _environment;

    public PrivateClamdProcess()
    {
        RunDir = Path.Combine(Path.GetTempPath(), "vigil-clamd-test-" + Guid.NewGuid().ToString("N")[..12]);
        Port = FreePort();
        _environment = new() { ["VIGIL_CLAMD_DIR"] = RunDir, ["VIGIL_CLAMD_PORT"] = Port.ToString(CultureInfo.InvariantCulture) };

        // Installs only when clamd is missing (and says so when it cannot: not root, no package).
        var install = Run("install");
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"clamd is needed for these tests and could not be installed (scripts/clamd.sh install): {install.Output}");
        }

        Start();
    }

    public string RunDir { get; }

    public int Port { get; }

    /// <summary>The unix socket clamd listens on.</summary>
    public string SocketPath => Path.Combine(RunDir, "clamd.sock");

    /// <summary>The TCP address as Vigil's `scanners` file and --clamd write it.</summary>
    public string TcpText => $"tcp:127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The unix socket address as Vigil's `scanners` file and --clamd write it.</summary>
    public string UnixText => "unix:" + SocketPath;

    public void Start()
    {
        var start = Run("start");
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException($"clamd is needed for these tests and did not start (scripts/clamd.sh start): {start.Output}");
        }
    }

    public void Stop() => Run("stop");

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(RunDir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private (int ExitCode, string Output) Run(string verb)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "scripts", "clamd.sh"));
        psi.ArgumentList.Add(verb);
        foreach (var (k, v) in _environment)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(ScriptTimeout))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"scripts/clamd.sh {verb} did not finish in {ScriptTimeout.TotalMinutes} minutes");
        }

        return (p.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}
