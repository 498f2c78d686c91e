using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Scanners.Orchestration;

/// <summary>
/// A second real clamd of a test's own (scripts/clamd.sh with its own run dir and port), so the
/// test can stop it without disturbing the shared one. Stopped and removed on dispose.
/// </summary>
internal sealed class PrivateClamd : IDisposable
{
    private readonly Dictionary<string, string> _environment;

    public PrivateClamd()
    {
        RunDir = Path.Combine(Path.GetTempPath(), "vigil-clamd-private-" + Guid.NewGuid().ToString("N")[..12]);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _environment = new() { ["VIGIL_CLAMD_DIR"] = RunDir, ["VIGIL_CLAMD_PORT"] = Port.ToString(CultureInfo.InvariantCulture) };
        var install = Run("install");
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("clamd is needed and could not be installed: " + install.Output);
        }

        Start();
    }

    public string RunDir { get; }

    public int Port { get; }

    public ClamdAddress Tcp => ClamdAddress.Tcp("127.0.0.1", Port);

    public void Start()
    {
        var start = Run("start");
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException("clamd did not start: " + start.Output);
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
        if (!p.WaitForExit(300_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"scripts/clamd.sh {verb} did not finish");
        }

        return (p.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}
