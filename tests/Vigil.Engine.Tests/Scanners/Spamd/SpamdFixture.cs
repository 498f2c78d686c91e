using Vigil.Engine.Scanners.Clamd;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Scanners.Spamd;

/// <summary>
/// A real spamd of our own, started by scripts/spamd.sh in a private run dir on a free port and
/// stopped after the tests. When spamd cannot be installed or started the tests FAIL with the
/// script's words: a spam test that passes without a spam filter proves nothing.
/// </summary>
public sealed class SpamdFixture : IDisposable
{
    private readonly PeerScript _script;

    public SpamdFixture()
    {
        RunDir = Path.Combine(Path.GetTempPath(), $"vigil-spamd-test-{Environment.ProcessId}");
        Port = PeerScript.FreePort();
        _script = new PeerScript("spamd.sh", new Dictionary<string, string>
        {
            ["VIGIL_SPAMD_DIR"] = RunDir,
            ["VIGIL_SPAMD_PORT"] = PeerScript.Text(Port),
        });
        _script.InstallAndStart("spamd");
        Address = ClamdAddress.Tcp("127.0.0.1", Port);
    }

    public string RunDir { get; }

    public int Port { get; }

    public ClamdAddress Address { get; }

    /// <summary>The address as a scanners line writes it.</summary>
    public string Line => Address.ToString();

    public void Dispose()
    {
        _script.Run("stop");
        PeerScript.DeleteQuietly(RunDir);
    }
}
