using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Scanners;

/// <summary>
/// A real clamd of our own, started by scripts/clamd.sh in a private run dir on a free port and
/// stopped after the tests. When clamd cannot be installed or started the tests FAIL with the
/// script's words: a virus test that passes without a virus scanner proves nothing.
/// </summary>
public sealed class ClamdFixture : IDisposable
{
    private readonly string _script = Path.Combine(TestPaths.RepoRoot, "scripts", "clamd.sh");
    private readonly Dictionary<string, string> _environment;

    public ClamdFixture()
    {
        RunDir = Path.Combine(Path.GetTempPath(), $"vigil-clamd-test-{Environment.ProcessId}");
        Port = FreePort();
        _environment = new()
        {
            ["VIGIL_CLAMD_DIR"] = RunDir,
            ["VIGIL_CLAMD_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        // Installs only when clamd is missing (and says so when it cannot: not root, no package).
        var install = Run("install");
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"clamd is needed for these tests and could not be installed (scripts/clamd.sh install): {install.Output}");
        }

        var start = Run("start");
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException($"clamd is needed for these tests and did not start (scripts/clamd.sh start): {start.Output}");
        }

        Unix = ClamdAddress.Unix(Path.Combine(RunDir, "clamd.sock"));
        Tcp = ClamdAddress.Tcp("127.0.0.1", Port);
    }

    public string RunDir { get; }

    public int Port { get; }

    public ClamdAddress Unix { get; }

    public ClamdAddress Tcp { get; }

    public void Dispose()
    {
        Run("stop");
        try
        {
            Directory.Delete(RunDir, recursive: true);
        }
        catch (IOException)
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
        psi.ArgumentList.Add(_script);
        psi.ArgumentList.Add(verb);
        foreach (var (k, v) in _environment)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"scripts/clamd.sh {verb} did not finish in 5 minutes");
        }

        return (p.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}
