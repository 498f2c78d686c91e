using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>
/// A real spamd of our own for the door tests, started by scripts/spamd.sh (as the engine's spamd
/// tests start theirs) in a private run dir on a free port and stopped after the tests. When spamd
/// cannot be installed or started the tests fail with the script's words.
/// </summary>
public sealed class TaggingSpamd : IDisposable
{
    private readonly Dictionary<string, string> _environment;

    public TaggingSpamd()
    {
        RunDir = Path.Combine(Path.GetTempPath(), $"vigil-spamd-tagging-{Environment.ProcessId}");
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _environment = new()
        {
            ["VIGIL_SPAMD_DIR"] = RunDir,
            ["VIGIL_SPAMD_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var verb in (ReadOnlySpan<string>)["install", "start"])
        {
            var (exit, output) = Run(verb);
            if (exit != 0)
            {
                throw new InvalidOperationException($"spamd is needed for these tests (scripts/spamd.sh {verb}): {output}");
            }
        }
    }

    public string RunDir { get; }

    public int Port { get; }

    /// <summary>The `scanners` control file line for this spamd.</summary>
    public string ScannersLine => $"spamd tcp:127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public void Dispose()
    {
        Run("stop");
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
        psi.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "scripts", "spamd.sh"));
        psi.ArgumentList.Add(verb);
        foreach (var (k, v) in _environment)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"scripts/spamd.sh {verb} did not finish in 10 minutes");
        }

        return (p.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}
