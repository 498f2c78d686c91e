using System.Text;
using Vigil.Testing;
using Vigil.Tests.Doors;

namespace Vigil.Tests.Cli;

/// <summary>
/// A QMVC or Qmail-Scanner file copied into the control directory: `vigil config check` says how
/// it is read (or that it is not), and a door says so once in its log, never silently.
/// </summary>
public sealed class SeedControlFileCommandTests
{
    [Fact]
    public void ConfigCheckWarnsAboutSeedNamesAndUnknownFilesAndStillPasses()
    {
        using var dir = new TempDir();
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/badfilename", "\\.scr$\n");
        dir.Write("control/quarantine-attachments.txt", ".exe\t0\t.exe File attachments not allowed\n");
        dir.Write("control/badsubject", "ILOVEYOU\n");

        var r = VigilProcess.Run(["config", "check", "--control", control]);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"{Path.Combine(control, "badfilename")}:0: warning: QMVC's name for badfilenames: read as badfilenames", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(control, "quarantine-attachments.txt")}:0: warning: Qmail-Scanner's name for attachments: read as attachments", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(control, "badsubject")}:0: warning: not a file Vigil reads: ignored", r.Stdout, StringComparison.Ordinal);
        Assert.Contains(r.Lines, l => l.StartsWith("badfilenames", StringComparison.Ordinal) && l.Contains(Path.Combine(control, "badfilename"), StringComparison.Ordinal));
    }

    [Fact]
    public void TheQueueDoorReadsTheSeedNamedFileAndLogsTheWarningOnce()
    {
        using var door = new QueueDoor();
        door.WriteControl("badfilename", "\\.exe$\n");
        door.WriteControl("badsubject", "ILOVEYOU\n");

        var (exit, stderr) = door.Run(Encoding.ASCII.GetBytes(Samples.BannedExe), QueueDoor.TypicalEnvelope);

        Assert.Equal(0, exit);
        Assert.False(door.StandInCalled);
        Assert.Single(door.QuarantinedFiles("policy"));
        Assert.Single(stderr.Split('\n'), l => l.Contains("QMVC's name for badfilenames", StringComparison.Ordinal));
        Assert.Single(stderr.Split('\n'), l => l.Contains("badsubject:0: warning: not a file Vigil reads", StringComparison.Ordinal));
    }
}
