using System.Globalization;

namespace Vigil.Testing;

/// <summary>
/// A real clamd of a test's own, started by scripts/clamd.sh in a private run dir on a free port
/// (installed first when missing) and stopped and removed on dispose. When clamd cannot be
/// installed or started the constructor throws with the script's words: a virus test that passes
/// without a virus scanner proves nothing. Every test project shares this one way of starting it.
/// </summary>
public sealed class PrivateClamdProcess : IDisposable
{
    private readonly PeerScript _script;

    public PrivateClamdProcess()
    {
        RunDir = Path.Combine(Path.GetTempPath(), "vigil-clamd-test-" + Guid.NewGuid().ToString("N")[..12]);
        Port = PeerScript.FreePort();
        _script = new PeerScript("clamd.sh", new Dictionary<string, string> { ["VIGIL_CLAMD_DIR"] = RunDir, ["VIGIL_CLAMD_PORT"] = PeerScript.Text(Port) });

        // Installs only when clamd is missing (and says so when it cannot: not root, no package).
        _script.InstallAndStart("clamd");
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
        var start = _script.Run("start");
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException($"clamd did not start again (scripts/clamd.sh start): {start.Output}");
        }
    }

    public void Stop() => _script.Run("stop");

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
}
