using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Testing;

namespace Vigil.Tests.Install;

/// <summary>A private clamd started by scripts/clamd.sh on a free loopback port, stopped on dispose.</summary>
internal sealed class PrivateClamd : IDisposable
{
    private readonly Dictionary<string, string> _env;
    private readonly string _dir;

    public PrivateClamd()
    {
        _dir = Path.Combine(Path.GetTempPath(), "vigil-install-clamd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _env = new Dictionary<string, string> { ["VIGIL_CLAMD_DIR"] = _dir, ["VIGIL_CLAMD_PORT"] = Port.ToString(CultureInfo.InvariantCulture) };
        var install = Script("install");
        Assert.True(install.ExitCode == 0, "clamd is needed and could not be installed: " + install.Output);
        var start = Script("start");
        Assert.True(start.ExitCode == 0, "clamd is needed and did not start: " + start.Output);
    }

    public int Port { get; }

    public string Address => $"tcp:127.0.0.1:{Port}";

    public void Dispose()
    {
        Script("stop");
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (int ExitCode, string Output) Script(string verb)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "scripts", "clamd.sh"));
        psi.ArgumentList.Add(verb);
        foreach (var (k, v) in _env)
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
