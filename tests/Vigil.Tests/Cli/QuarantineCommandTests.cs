using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Tests.Cli;

/// <summary>`vigil quarantine list|show|release|delete` and `vigil cleanup`, run as separate processes.</summary>
public class QuarantineCommandTests
{
    private static readonly Verdict Virus = new([new Finding(FindingCategory.Virus, "Eicar-Test-Signature", "eicar.com", "2")]);

    private static readonly byte[] Raw = Encoding.ASCII.GetBytes("From: alice@example.org\nTo: bob@example.net\nSubject: quarterly report\n\nbody\n.\nend\n");

    [Fact]
    public async Task ListShowsOneTabSeparatedLinePerMessage()
    {
        using var dir = new TempDir();
        var record = await Store(dir.Path, "viruses");
        var r = VigilProcess.Run(["quarantine", "list", "--quarantine", dir.Path]);
        Assert.Equal(0, r.ExitCode);
        var fields = Assert.Single(r.Lines).Split('\t');
        Assert.Equal(record.Id, fields[0]);
        Assert.Equal(["viruses", "virus", "new", "alice@example.org", "bob@example.net,carol@example.com", "quarterly report"], new[] { fields[1], fields[3], fields[4], fields[5], fields[6], fields[7] });
    }

    [Fact]
    public async Task TheQuarantineRootComesFromTheOptionsFile()
    {
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "q");
        var record = await Store(root, "policy");
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/options", $"quarantine={root}\n");
        var r = VigilProcess.Run(["quarantine", "list"], environment: new Dictionary<string, string> { ["VIGIL_CONTROL"] = control });
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith(record.Id + "\tpolicy\t", Assert.Single(r.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowPrintsTheStoredFileAsItIs()
    {
        using var dir = new TempDir();
        var record = await Store(dir.Path, "viruses");
        var r = VigilProcess.Run(["quarantine", "show", record.Id, "--quarantine", dir.Path]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(record.Path), r.Stdout);
        Assert.StartsWith($"X-Vigil-Quarantine-Id: {record.Id}\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseRunsTheSendmailWithTheEnvelopeAndTheOriginalMessage()
    {
        using var dir = new TempDir();
        var record = await Store(Path.Combine(dir.Path, "q"), "policy");
        var (program, argsFile, stdinFile) = FakeSendmail(dir.Path);
        var r = VigilProcess.Run(["quarantine", "release", record.Id, "--quarantine", Path.Combine(dir.Path, "q"), "--sendmail", program]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"{record.Id}: released to bob@example.net, carol@example.com", Assert.Single(r.Lines));
        Assert.Equal(["-i", "-f", "alice@example.org", "--", "bob@example.net", "carol@example.com"], await File.ReadAllLinesAsync(argsFile));
        Assert.Equal(Raw, await File.ReadAllBytesAsync(stdinFile));

        var again = VigilProcess.Run(["quarantine", "release", record.Id, "--quarantine", Path.Combine(dir.Path, "q"), "--sendmail", program]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already released", again.Stderr, StringComparison.Ordinal);
        var list = VigilProcess.Run(["quarantine", "list", "--quarantine", Path.Combine(dir.Path, "q")]);
        Assert.Equal("released", Assert.Single(list.Lines).Split('\t')[4]);
    }

    [Fact]
    public async Task DeleteRemovesTheMessageAndAnUnknownIdIsExitOne()
    {
        using var dir = new TempDir();
        var record = await Store(dir.Path, "spam");
        var r = VigilProcess.Run(["quarantine", "delete", record.Id, "--quarantine", dir.Path]);
        Assert.Equal(0, r.ExitCode);
        Assert.False(File.Exists(record.Path));
        var missing = VigilProcess.Run(["quarantine", "delete", record.Id, "--quarantine", dir.Path]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such quarantined message", missing.Stderr, StringComparison.Ordinal);
        var traversal = VigilProcess.Run(["quarantine", "show", "../../../etc/passwd", "--quarantine", dir.Path]);
        Assert.Equal(1, traversal.ExitCode);
        Assert.Empty(traversal.Stdout);
    }

    [Fact]
    public void UsageErrorsAreExitTwo()
    {
        using var dir = new TempDir();
        Assert.Equal(2, VigilProcess.Run(["quarantine"]).ExitCode);
        Assert.Equal(2, VigilProcess.Run(["quarantine", "purge", "--quarantine", dir.Path]).ExitCode);
        Assert.Equal(2, VigilProcess.Run(["quarantine", "show", "--quarantine", dir.Path]).ExitCode);
        Assert.Equal(2, VigilProcess.Run(["cleanup", "--days", "0", "--quarantine", dir.Path]).ExitCode);
        Assert.Equal(2, VigilProcess.Run(["cleanup", "--days"]).ExitCode);
        Assert.Equal(1, VigilProcess.Run(["quarantine", "list", "--quarantine", Path.Combine(dir.Path, "missing")]).ExitCode);
    }

    [Fact]
    public async Task CleanupRemovesOldMessagesAndStaleTmpFilesAndSaysWhich()
    {
        using var dir = new TempDir();
        var old = await Store(dir.Path, "viruses");
        var recent = await Store(dir.Path, "viruses");
        File.SetLastWriteTimeUtc(old.Path, DateTime.UtcNow.AddDays(-15));
        File.SetLastWriteTimeUtc(recent.Path, DateTime.UtcNow.AddDays(-5));
        var stale = Path.Combine(dir.Path, "viruses", "tmp", MaildirName.Next(DateTimeOffset.UtcNow));
        await File.WriteAllTextAsync(stale, "half");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-31));
        var foreign = dir.Write("viruses/new/keep-me", "x");
        File.SetLastWriteTimeUtc(foreign, DateTime.UtcNow.AddDays(-100));

        var r = VigilProcess.Run(["cleanup", "--quarantine", dir.Path]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(new[] { $"removed {old.Path}", $"removed {stale}" }.Order(), r.Lines.Order());
        Assert.True(File.Exists(recent.Path));
        Assert.True(File.Exists(foreign));

        var days = VigilProcess.Run(["cleanup", "--days", "3", "--quarantine", dir.Path]);
        Assert.Equal([$"removed {recent.Path}"], days.Lines);
    }

    [Fact]
    public async Task CleanupReadsTheRetentionFromTheOptionsFile()
    {
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "q");
        var record = await Store(root, "policy");
        File.SetLastWriteTimeUtc(record.Path, DateTime.UtcNow.AddDays(-3));
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/options", $"quarantine={root}\nquarantinedays=2\n");
        var r = VigilProcess.Run(["cleanup", "--control", control]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal([$"removed {record.Path}"], r.Lines);

        dir.Write("control/options", $"quarantine={root}\nquarantinedays=soon\n");
        var bad = VigilProcess.Run(["cleanup", "--control", control]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("quarantinedays: 'soon'", bad.Stderr, StringComparison.Ordinal);
    }

    private static async Task<QuarantineRecord> Store(string root, string folder)
    {
        var envelope = new Envelope("alice@example.org", ["bob@example.net", "carol@example.com"]) { ClientIp = "192.0.2.9" };
        return await new QuarantineStore(root).StoreAsync(new MemoryStream(Raw), envelope, Virus, folder, CancellationToken.None);
    }

    /// <summary>A shell script standing in for sendmail: records its arguments (one per line) and its stdin, exits 0.</summary>
    private static (string Program, string ArgsFile, string StdinFile) FakeSendmail(string dir)
    {
        var program = Path.Combine(dir, "sendmail");
        var argsFile = Path.Combine(dir, "sendmail.args");
        var stdinFile = Path.Combine(dir, "sendmail.stdin");
        File.WriteAllText(program, $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{argsFile}'\ncat > '{stdinFile}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return (program, argsFile, stdinFile);
    }
}
