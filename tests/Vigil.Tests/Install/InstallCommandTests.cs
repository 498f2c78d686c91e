using System.Text;
using Vigil.Testing;
using Vigil.Tests.Cli;
using Vigil.Tests.Doors;

namespace Vigil.Tests.Install;

/// <summary>`vigil install --qmail`, run as a process into a temp --root.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class InstallCommandTests
{
    private const string CleanMail = "From: a@example.org\nTo: b@example.org\nSubject: hello\nMessage-ID: <1@example.org>\n\nJust text.\n";

    private const string ExeMail =
        "From: a@example.org\nSubject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n" +
        "--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: application/octet-stream; name=\"run.exe\"\n\nnot a program\n--b--\n";

    [Fact]
    public void WithoutApplyItPrintsEveryPieceAndWritesNothing()
    {
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "root");
        var r = VigilProcess.Run(["install", "--qmail", "--root", root]);
        Assert.Equal(0, r.ExitCode);
        Assert.False(Directory.Exists(root));
        Assert.Contains(":allow,QMAILQUEUE=\"/var/qmail/bin/vigil-queue\"", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("deliver --control /etc/vigil", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("QHPSI=\"/var/qmail/bin/vigil-qhpsi\"", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("==> /etc/vigil/options", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("==> /var/qmail/bin/vigil-queue (mode 755)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("queue --control \"$VIGIL_CONTROL\"", r.Stdout, StringComparison.Ordinal);

        // On a real qmail a supplementary group never reaches the doors: the advice names tcpserver's -g.
        Assert.Contains("-g \"$(getent group vigil | cut -d: -f3)\"", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("usermod", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyWritesTheWrappersTheControlDirectoryAndTheSnippetsUnderTheRoot()
    {
        using var install = new StagedInstall();
        Assert.True(install.Install.ExitCode == 0, install.Install.Stdout + install.Install.Stderr);
        foreach (var name in new[] { "options", "filters", "badsubjects", "badbodytexts", "badmimetypes", "badfilenames", "badheaders", "attachments", "nullsender", "scanners", "noscantypes", "avguards", "bmguards", "respmail", "forgingviruses", "languages", "qmail/tcp.smtp", "qmail/dot-qmail" })
        {
            Assert.True(File.Exists(Path.Combine(install.Control, name)), name);
        }

        Assert.True(Directory.Exists(install.Staged(install.Quarantine)));
        var wrapper = File.ReadAllText(install.QueueWrapper);
        Assert.StartsWith("#!/bin/sh\n", wrapper, StringComparison.Ordinal);
        Assert.Contains("VIGIL_CONTROL=${VIGIL_CONTROL:-/etc/vigil}", wrapper, StringComparison.Ordinal);

        // The contents name the installed paths; only the place written to has the root.
        Assert.DoesNotContain(install.Root, File.ReadAllText(Path.Combine(install.Control, "qmail", "tcp.smtp")), StringComparison.Ordinal);
        Assert.Contains($"quarantine={install.Quarantine}\n", File.ReadAllText(Path.Combine(install.Control, "options")), StringComparison.Ordinal);
        Assert.Contains("wrote   " + install.QueueWrapper, install.Install.Stdout, StringComparison.Ordinal);
        Assert.Contains("config check: " + install.Control + " passes", install.Install.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWrappersAreExecutableByEveryone()
    {
        using var install = new StagedInstall();
        foreach (var path in new[] { install.QueueWrapper, install.QhpsiWrapper })
        {
            var mode = File.GetUnixFileMode(path);
            Assert.True(mode.HasFlag(UnixFileMode.UserExecute) && mode.HasFlag(UnixFileMode.GroupExecute) && mode.HasFlag(UnixFileMode.OtherExecute), $"{path}: {mode}");
        }

        Assert.False(File.GetUnixFileMode(Path.Combine(install.Control, "options")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void TheGeneratedControlDirectoryPassesConfigCheck()
    {
        using var install = new StagedInstall();
        var r = VigilProcess.Run(["config", "check", "--control", install.Control]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("41 rules", r.Stdout, StringComparison.Ordinal);

        // Its own snippet directory (qmail/) is no unknown file: on a real qmail every door run
        // logged "/etc/vigil/qmail:0: warning: not a file Vigil reads" before this was known.
        Assert.DoesNotContain("not a file Vigil reads", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommentedDefaultAndExampleStillPassesConfigCheckOnceUncommented()
    {
        using var install = new StagedInstall();
        var uncommented = 0;
        foreach (var file in Directory.GetFiles(install.Control))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                // "#key=value" and "#example" are settings; "# text" and "## heading" are prose.
                if (lines[i].Length > 1 && lines[i][0] == '#' && lines[i][1] is not ' ' and not '#')
                {
                    lines[i] = lines[i][1..];
                    uncommented++;
                }
            }

            File.WriteAllLines(file, lines);
        }

        Assert.True(uncommented > 50, $"only {uncommented} lines");
        var r = VigilProcess.Run(["config", "check", "--control", install.Control]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
    }

    [Fact]
    public void ASecondRunWithoutForceChangesNothingAndForceRestoresTheFiles()
    {
        using var install = new StagedInstall();
        var options = Path.Combine(install.Control, "options");
        File.WriteAllText(options, "virusaction=reject\n");
        var before = Snapshot(install.Root);

        var again = install.Run(["--quarantine", install.Quarantine]);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("wrote", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("skipped " + options + " (exists; --force replaces it)", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(install.Root));

        var forced = install.Run(["--quarantine", install.Quarantine, "--force"]);
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("wrote   " + options, forced.Stdout, StringComparison.Ordinal);
        Assert.Contains("#virusaction=quarantine", File.ReadAllText(options), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(install.Control, "*.vigil-install.*"));
    }

    [Fact]
    public void TheQueueWrapperExecsVigilQueueWhichHandsCleanMailByteForByteToQmailQueue()
    {
        using var install = new StagedInstall();
        var message = install.WriteFile("in.message", Encoding.ASCII.GetBytes(CleanMail));
        var envelopeBytes = QueueDoor.Envelope("a@example.org", "b@example.org", "c@example.org");
        var envelope = install.WriteFile("in.envelope", envelopeBytes);
        var env = install.DoorEnvironment;
        env["VIGIL_CONTROL"] = install.Control;

        var (exit, stderr) = FdProcess.Run(install.QueueWrapper, [], message, envelope, env);
        Assert.True(exit == 0, stderr);
        Assert.Equal(Encoding.ASCII.GetBytes(CleanMail), File.ReadAllBytes(install.Record + ".message"));
        Assert.Equal(envelopeBytes, File.ReadAllBytes(install.Record + ".envelope"));
        Assert.Contains("\tqueue\tclean\t", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyWithAnExistingGroupSharesTheQuarantineAndReleasesGoThroughQmailInject()
    {
        using var install = new StagedInstall("--group", "mail");
        Assert.True(install.Install.ExitCode == 0, install.Install.Stdout + install.Install.Stderr);

        var root = install.Staged(install.Quarantine);
        const UnixFileMode shared = (UnixFileMode)0x7F8; // 03770
        Assert.Equal(shared, File.GetUnixFileMode(root));
        foreach (var d in new[] { "viruses", "policy/new", "spam/tmp" })
        {
            Assert.Equal(shared, File.GetUnixFileMode(Path.Combine(root, d)));
        }

        Assert.Equal((UnixFileMode)0x1B0, File.GetUnixFileMode(Path.Combine(root, "quarantine.log"))); // 0660
        Assert.Contains("shared  " + root, install.Install.Stdout, StringComparison.Ordinal);
        Assert.Contains("\nreinject=/var/qmail/bin/qmail-inject\n", File.ReadAllText(Path.Combine(install.Control, "options")), StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyWithAMissingGroupSaysHowToCreateItAndChangesNoModes()
    {
        using var install = new StagedInstall("--group", "vigil-no-such-group");

        Assert.True(install.Install.ExitCode == 0, install.Install.Stdout + install.Install.Stderr);
        Assert.Contains("group vigil-no-such-group does not exist", install.Install.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(install.Staged(install.Quarantine)) & UnixFileMode.SetGroup);
    }

    [Fact]
    public void ConfigCheckSaysWhenTheQuarantineIsNotSharedByTheTwoDoors()
    {
        using var dir = new TempDir();
        var quarantine = Path.Combine(dir.Path, "q");
        Directory.CreateDirectory(quarantine, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        dir.Write("control/options", $"quarantine={quarantine}\n");

        var r = VigilProcess.Run(["config", "check", "--control", Path.Combine(dir.Path, "control")]);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains(r.Lines, l => l.Contains($"quarantine {quarantine} is not shared by a group (mode 700", StringComparison.Ordinal));
    }

    [Fact]
    public void TheQueueWrapperQuarantinesABannedAttachmentInsteadOfQueueingIt()
    {
        using var install = new StagedInstall();
        var message = install.WriteFile("in.message", Encoding.ASCII.GetBytes(ExeMail));
        var envelope = install.WriteFile("in.envelope", QueueDoor.Envelope("a@example.org", "b@example.org"));
        var env = install.DoorEnvironment;
        env["VIGIL_CONTROL"] = install.Control;

        var (exit, stderr) = FdProcess.Run(install.QueueWrapper, [], message, envelope, env);
        Assert.True(exit == 0, stderr);
        Assert.False(File.Exists(install.Record + ".message"));
        Assert.Single(Directory.GetFiles(Path.Combine(install.Quarantine, "policy", "new")));
    }

    [Fact]
    public void TheQhpsiWrapperScansTheFileQmailQueueNamesAndAnswersWithQhpsiExitCodes()
    {
        using var install = new StagedInstall();
        var clean = install.WriteFile("clean.eml", Encoding.ASCII.GetBytes(CleanMail));
        var exe = install.WriteFile("exe.eml", Encoding.ASCII.GetBytes(ExeMail));
        var envelope = install.WriteFile("envelope", QueueDoor.Envelope("a@example.org", "b@example.org"));
        var env = new Dictionary<string, string> { ["VIGIL_CONTROL"] = install.Control };

        // QHPSI runs PROG MESSFILE with fd 1 still the envelope pipe (read-only): the line must go to stderr.
        var (cleanExit, cleanErr) = FdProcess.Run(install.QhpsiWrapper, [clean], envelope, envelope, env);
        Assert.True(cleanExit == 0, cleanErr);
        Assert.Contains(clean + ": OK", cleanErr, StringComparison.Ordinal);

        var (exeExit, exeErr) = FdProcess.Run(install.QhpsiWrapper, [exe], envelope, envelope, env);
        Assert.True(exeExit == 1, exeErr);
        Assert.Contains("attachments:.exe FOUND", exeErr, StringComparison.Ordinal);

        // Without a file argument it reads the message on stdin.
        var (stdinExit, stdinErr) = FdProcess.Run(install.QhpsiWrapper, [], exe, envelope, env);
        Assert.True(stdinExit == 1, stdinErr);
    }

    [Fact]
    public void TheQhpsiReadmesOwnSamplesWorkThroughTheWrapper()
    {
        using var install = new StagedInstall();
        var clean = install.WriteFile("clean.eml", Encoding.ASCII.GetBytes(CleanMail));
        var exe = install.WriteFile("exe.eml", Encoding.ASCII.GetBytes(ExeMail));
        var envelope = install.WriteFile("envelope", QueueDoor.Envelope("a@example.org", "b@example.org"));

        // :allow,QHPSI='clamdscan',QHPSIARG1='--disable-summary' with the program swapped for Vigil's wrapper.
        var clamd = new Dictionary<string, string> { ["VIGIL_CONTROL"] = install.Control, ["QHPSI"] = install.QhpsiWrapper, ["QHPSIARG1"] = "--disable-summary" };
        var (cleanExit, cleanErr) = FdProcess.Run(install.QhpsiWrapper, [clean, "--disable-summary"], envelope, envelope, clamd);
        Assert.True(cleanExit == 0, cleanErr);
        Assert.Contains("QHPSI argument '--disable-summary' is for another scanner: ignored", cleanErr, StringComparison.Ordinal);
        var (exeExit, exeErr) = FdProcess.Run(install.QhpsiWrapper, [exe, "--disable-summary"], envelope, envelope, clamd);
        Assert.True(exeExit == 1, exeErr);

        // :allow,QHPSI='uvscan',QHPSIARG1='--secure',QHPSIMAXSIZE='9000000',QHPSIRC='13'
        var uvscan = new Dictionary<string, string> { ["VIGIL_CONTROL"] = install.Control, ["QHPSI"] = install.QhpsiWrapper, ["QHPSIRC"] = "13", ["QHPSIMAXSIZE"] = "9000000" };
        var (blockedExit, blockedErr) = FdProcess.Run(install.QhpsiWrapper, [exe, "--secure"], envelope, envelope, uvscan);
        Assert.True(blockedExit == 13, blockedErr);
        Assert.Contains("attachments:.exe FOUND", blockedErr, StringComparison.Ordinal);
        var (uvCleanExit, uvCleanErr) = FdProcess.Run(install.QhpsiWrapper, [clean, "--secure"], envelope, envelope, uvscan);
        Assert.True(uvCleanExit == 0, uvCleanErr);

        // QHPSIMAXSIZE: qmail-queue passes a larger message unscanned; one handed to Vigil is judged
        // anyway, and the log says what the bound lets through.
        var small = new Dictionary<string, string>(uvscan) { ["QHPSIMAXSIZE"] = "10" };
        var (judgedExit, judgedErr) = FdProcess.Run(install.QhpsiWrapper, [exe], envelope, envelope, small);
        Assert.True(judgedExit == 13, judgedErr);
        Assert.Contains("QHPSIMAXSIZE=10 makes qmail-queue pass larger messages unscanned", judgedErr, StringComparison.Ordinal);

        // An outage or usage error must defer (454), never be read as infected when QHPSIRC is 2.
        var rcTwo = new Dictionary<string, string> { ["VIGIL_CONTROL"] = install.Control, ["QHPSIRC"] = "2" };
        var (outageExit, outageErr) = FdProcess.Run(install.QhpsiWrapper, [clean, "--clamd", "unix:/nonexistent"], envelope, envelope, rcTwo);
        Assert.True(outageExit == 111, outageErr);
    }

    [Fact]
    public void AClamdAddressGivenAtInstallIsWrittenInForce()
    {
        using var install = new StagedInstall("--clamd", "unix:/run/clamav/clamd.ctl");
        Assert.Equal(0, install.Install.ExitCode);
        Assert.Contains("\nclamd unix:/run/clamav/clamd.ctl\n", File.ReadAllText(Path.Combine(install.Control, "scanners")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("install")]
    [InlineData("install --qmail --control relative/dir")]
    [InlineData("install --qmail --clamd nonsense")]
    [InlineData("install --qmail --bogus")]
    public void UsageErrorsExitTwoAndWriteNothing(string commandLine)
    {
        var r = VigilProcess.Run(commandLine.Split(' '));
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.StartsWith("vigil: ", r.Stderr, StringComparison.Ordinal);
    }

    private static string Snapshot(string root)
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sb.Append(f).Append(' ').Append(File.GetLastWriteTimeUtc(f).Ticks).Append(' ').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).Append('\n');
        }

        return sb.ToString();
    }
}
