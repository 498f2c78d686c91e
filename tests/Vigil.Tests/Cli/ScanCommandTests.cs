using System.Text.Json;
using Vigil.Testing;

namespace Vigil.Tests.Cli;

public class ScanCommandTests
{
    [Fact]
    public void CleanMessageExitsZeroWithAnOkLine()
    {
        using var dir = new TempDir();
        var file = dir.Write("clean.eml", Samples.Clean);
        var r = VigilProcess.Run(["scan", file]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"{file}: OK", r.Lines.Single());
    }

    [Fact]
    public void BannedAttachmentExitsOneAndNamesTheRuleLikeClamdscan()
    {
        using var dir = new TempDir();
        var file = dir.Write("bad.eml", Samples.BannedExe);
        var r = VigilProcess.Run(["scan", file]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"{file}: attachments:.exe FOUND", r.Lines.Single());
    }

    [Fact]
    public void OutputAndErrorsSharingOneFileBothSurvive()
    {
        // `vigil scan ... >log 2>&1`: the verdict lines (flushed at the end) must go after the
        // error written meanwhile, not over it, as with any program that write(2)s its output.
        using var dir = new TempDir();
        var file = dir.Write("clean.eml", Samples.Clean);
        var log = Path.Combine(dir.Path, "log");
        var psi = new System.Diagnostics.ProcessStartInfo("bash") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec dotnet \"$0\" scan \"$1\" \"$2\" >\"$3\" 2>&1");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vigil.dll"));
        psi.ArgumentList.Add(file);
        psi.ArgumentList.Add(Path.Combine(dir.Path, "missing.eml"));
        psi.ArgumentList.Add(log);
        HostIsolation.Apply(psi);
        using var p = System.Diagnostics.Process.Start(psi)!;
        Assert.True(p.WaitForExit(120_000));

        var text = File.ReadAllText(log);
        Assert.Equal(2, p.ExitCode);
        Assert.Contains($"{file}: OK\n", text, StringComparison.Ordinal);
        Assert.Contains("missing.eml", text, StringComparison.Ordinal);
    }

    [Fact]
    public void StandardInputIsCalledStream()
    {
        var r = VigilProcess.Run(["scan", "-"], VigilProcess.Bytes(Samples.BannedExe));
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("stream: ", r.Lines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void JsonOutputCarriesTheContractFields()
    {
        using var dir = new TempDir();
        var file = dir.Write("bad.eml", Samples.BannedExe);
        var r = VigilProcess.Run(["scan", "--json", file]);
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Lines.Single());
        var root = doc.RootElement;
        Assert.Equal(file, root.GetProperty("path").GetString());
        Assert.Equal("policy", root.GetProperty("verdict").GetString());
        var finding = root.GetProperty("findings")[0];
        Assert.Equal("policy", finding.GetProperty("category").GetString());
        Assert.Equal("attachments:.exe", finding.GetProperty("rule").GetString());
        Assert.Contains("update.exe", finding.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("2", finding.GetProperty("part").GetString());
        var part = root.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("part").GetString() == "2");
        Assert.Equal("update.exe", part.GetProperty("filename").GetString());
        Assert.Equal("application/octet-stream", part.GetProperty("declaredType").GetString());
        Assert.Equal("text", part.GetProperty("detectedType").GetString());
        Assert.Equal(5, part.GetProperty("size").GetInt64());
        Assert.True(root.GetProperty("elapsedMs").GetDouble() >= 0);
    }

    [Fact]
    public void MissingFileIsAnOperationalErrorWithTheReasonOnStderr()
    {
        var r = VigilProcess.Run(["scan", "/nonexistent/message.eml"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/nonexistent/message.eml", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadControlFileIsAnOperationalError()
    {
        using var dir = new TempDir();
        dir.Write("control/badfilenames", "(unclosed\n");
        var file = dir.Write("clean.eml", Samples.Clean);
        var r = VigilProcess.Run(["scan", "--control", Path.Combine(dir.Path, "control"), file]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("badfilenames:1", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AControlFileReplacesItsDefaultOnly()
    {
        using var dir = new TempDir();
        dir.Write("control/badfilenames", "\\.zip$\n");
        var zip = dir.Write("zip.eml", Samples.ZipAttachment);
        var exe = dir.Write("exe.eml", Samples.BannedExe);
        var r = VigilProcess.Run(["scan", "--control", Path.Combine(dir.Path, "control"), zip, exe]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{zip}: badfilenames:\\.zip$ FOUND", r.Lines);
        Assert.Contains($"{exe}: attachments:.exe FOUND", r.Lines);
    }

    [Fact]
    public void AProfileOverlaysTheControlDirectoryFileByFile()
    {
        using var dir = new TempDir();
        dir.Write("control/badfilenames", "\\.zip$\n");
        dir.Write("domain/attachments", ".pdf\t0\tno pdf here\n");
        var zip = dir.Write("zip.eml", Samples.ZipAttachment);
        var exe = dir.Write("exe.eml", Samples.BannedExe);
        var r = VigilProcess.Run(["scan", "--control", Path.Combine(dir.Path, "control"), "--profile", Path.Combine(dir.Path, "domain"), zip, exe]);
        Assert.Contains($"{zip}: badfilenames:\\.zip$ FOUND", r.Lines);
        Assert.Contains($"{exe}: OK", r.Lines);
    }

    [Fact]
    public void TheNullSenderIsGivenAsAnEmptySender()
    {
        using var dir = new TempDir();
        dir.Write("control/nullsender", "trashnullsendermail=y\nearlyquitonnullsender=y\n");
        var file = dir.Write("bounce.eml", Samples.Clean);
        var control = Path.Combine(dir.Path, "control");
        var bounce = VigilProcess.Run(["scan", "--control", control, "--sender", "", file]);
        Assert.Equal($"{file}: nullsender:trashnullsendermail FOUND", bounce.Lines.Single());
        var normal = VigilProcess.Run(["scan", "--control", control, "--sender", "a@example.org", file]);
        Assert.Equal(0, normal.ExitCode);
    }

    [Fact]
    public void TheControlDirectoryMayComeFromTheEnvironment()
    {
        using var dir = new TempDir();
        dir.Write("control/badfilenames", "\\.zip$\n");
        var zip = dir.Write("zip.eml", Samples.ZipAttachment);
        var r = VigilProcess.Run(["scan", zip], environment: new Dictionary<string, string> { ["VIGIL_CONTROL"] = Path.Combine(dir.Path, "control") });
        Assert.Equal(1, r.ExitCode);
    }

    [Fact]
    public void ScansEveryMessageOfAMaildirButNotItsTmpFolder()
    {
        using var dir = new TempDir();
        dir.Write("box/cur/1.a:2,S", Samples.Clean);
        dir.Write("box/new/2.b", Samples.BannedExe);
        dir.Write("box/tmp/3.c", Samples.BannedExe);
        var r = VigilProcess.Run(["scan", Path.Combine(dir.Path, "box")]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(2, r.Lines.Length);
        Assert.DoesNotContain(r.Lines, l => l.Contains("/tmp/3.c", StringComparison.Ordinal));
    }

    [Fact]
    public void SplitsAnMboxIntoItsMessages()
    {
        using var dir = new TempDir();
        var mbox = dir.Write("inbox.mbox", "From a@example.org Fri Nov 20 10:00:00 2026\n" + Samples.Clean + "\nFrom b@example.org Fri Nov 20 11:00:00 2026\n" + Samples.BannedExe);
        var r = VigilProcess.Run(["scan", mbox]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"{mbox}:1: OK", $"{mbox}:2: attachments:.exe FOUND"], r.Lines);
    }

    [Fact]
    public void EmptyFileAndRandomBytesStillGetAVerdict()
    {
        using var dir = new TempDir();
        var empty = dir.Write("empty.eml", "");
        var random = Path.Combine(dir.Path, "random.bin");
        var bytes = new byte[4096];
        new Random(11).NextBytes(bytes);
        File.WriteAllBytes(random, bytes);
        var r = VigilProcess.Run(["scan", "--json", empty, random]);
        Assert.Equal(1, r.ExitCode);
        Assert.All(r.Lines, l => Assert.Equal("format", JsonDocument.Parse(l).RootElement.GetProperty("verdict").GetString()));
    }

    [Fact]
    public void VerboseOutputListsEveryFinding()
    {
        using var dir = new TempDir();
        var file = dir.Write("bad.eml", Samples.BannedExe);
        var r = VigilProcess.Run(["scan", "-v", file]);
        Assert.Contains(r.Lines, l => l.Contains("policy: attachments:.exe", StringComparison.Ordinal) && l.Contains("part 2", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var r = VigilProcess.Run(["scan", "--bogus", "x"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--bogus", r.Stderr, StringComparison.Ordinal);
    }
}
