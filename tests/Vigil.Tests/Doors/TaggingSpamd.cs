using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>
/// A real spamd of our own for the door tests, started by scripts/spamd.sh (as the engine's spamd
/// tests start theirs) in a private run dir on a free port and stopped after the tests. When spamd
/// cannot be installed or started the tests fail with the script's words.
/// </summary>
public sealed class TaggingSpamd : IDisposable
{
    private readonly PeerScript _script;

    public TaggingSpamd()
    {
        RunDir = Path.Combine(Path.GetTempPath(), $"vigil-spamd-tagging-{Environment.ProcessId}");
        Port = PeerScript.FreePort();
        _script = new PeerScript("spamd.sh", new Dictionary<string, string> { ["VIGIL_SPAMD_DIR"] = RunDir, ["VIGIL_SPAMD_PORT"] = PeerScript.Text(Port) });
        _script.InstallAndStart("spamd");
    }

    public string RunDir { get; }

    public int Port { get; }

    /// <summary>The `scanners` control file line for this spamd.</summary>
    public string ScannersLine => $"spamd tcp:127.0.0.1:{PeerScript.Text(Port)}";

    public void Dispose()
    {
        _script.Run("stop");
        try
        {
            Directory.Delete(RunDir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
