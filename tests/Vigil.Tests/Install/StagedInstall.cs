using Vigil.Testing;
using Vigil.Tests.Cli;

namespace Vigil.Tests.Install;

/// <summary>A `vigil install --qmail --apply` into a temp --root, with the recording qmail-queue stand-in beside it (and the installed `options` ending with <see cref="HostIsolation.NotifyViaLine"/>).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class StagedInstall : IDisposable
{
    private readonly TempDir _dir = new();

    public StagedInstall(params string[] extraArgs)
    {
        Quarantine = System.IO.Path.Combine(_dir.Path, "quarantine");
        StandIn = System.IO.Path.Combine(_dir.Path, "qmail-queue");
        File.Copy(System.IO.Path.Combine(TestPaths.RepoRoot, "tests", "Vigil.Tests", "Doors", "recording-qmail-queue.sh"), StandIn);
        File.SetUnixFileMode(StandIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Record = System.IO.Path.Combine(_dir.Path, "record");
        Install = Run(["--quarantine", Quarantine, .. extraArgs]);
        var options = System.IO.Path.Combine(Control, "options");
        if (File.Exists(options))
        {
            // The installed doors' notices through no qmail-inject of the host's (HostIsolation).
            File.AppendAllText(options, HostIsolation.NotifyViaLine);
        }
    }

    public string Root => System.IO.Path.Combine(_dir.Path, "root");

    public string Quarantine { get; }

    public string StandIn { get; }

    public string Record { get; }

    public VigilProcess.Result Install { get; }

    public string Control => Staged("/etc/vigil");

    public string QueueWrapper => Staged("/var/qmail/bin/vigil-queue");

    public string QhpsiWrapper => Staged("/var/qmail/bin/vigil-qhpsi");

    public string WorkDir => _dir.Path;

    /// <summary>The environment the doors need here: the stand-in as the real qmail-queue.</summary>
    public Dictionary<string, string> DoorEnvironment => new()
    {
        ["VIGIL_QMAILQUEUE"] = StandIn,
        ["STANDIN_RECORD"] = Record,
    };

    public string Staged(string installedPath) => System.IO.Path.Combine(Root, installedPath.TrimStart('/'));

    public VigilProcess.Result Run(string[] extraArgs) =>
        VigilProcess.Run(["install", "--qmail", "--apply", "--root", Root, .. extraArgs]);

    public string WriteFile(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
