using Vigil.Engine.Tests.Scanners.Spamd;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Scanners.Rspamd;

/// <summary>
/// A real rspamd of our own, started by scripts/rspamd.sh in a private run dir on a free port and
/// stopped after the tests; the compiled regexp cache is kept in one dir between runs, so only
/// the first start on a machine waits for hyperscan. When rspamd cannot be installed or started
/// the tests FAIL with the script's words.
/// </summary>
public sealed class RspamdFixture : IDisposable
{
    private readonly PeerScript _script;

    public RspamdFixture()
    {
        RunDir = Path.Combine(Path.GetTempPath(), $"vigil-rspamd-test-{Environment.ProcessId}");
        Port = PeerScript.FreePort();
        _script = new PeerScript("rspamd.sh", new Dictionary<string, string>
        {
            ["VIGIL_RSPAMD_DIR"] = RunDir,
            ["VIGIL_RSPAMD_PORT"] = PeerScript.Text(Port),
            ["VIGIL_RSPAMD_DBDIR"] = Path.Combine(Path.GetTempPath(), "vigil-rspamd-test-cache"),
        });
        _script.InstallAndStart("rspamd");
        Address = new Uri($"http://127.0.0.1:{PeerScript.Text(Port)}/");
    }

    public string RunDir { get; }

    public int Port { get; }

    public Uri Address { get; }

    public void Dispose()
    {
        _script.Run("stop");
        PeerScript.DeleteQuietly(RunDir);
    }
}
