using System.Text;
using Vigil.Engine.Scanners.Command;
using Vigil.Engine.Verdicts;
using static Vigil.Engine.Tests.Scanners.ClamdTestMail;

namespace Vigil.Engine.Tests.Scanners.Command;

/// <summary>The command scanner with shell scripts playing the scanner.</summary>
public sealed class CommandScannerTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private CommandScanner Scanner(string line, string? scratchRoot = null)
    {
        Assert.True(CommandScannerOptions.TryParse(line.Split(' '), out var options, out var error), error);
        return new CommandScanner(options!, scratchRoot);
    }

    [Fact]
    public async Task AScannerThatHangsIsKilledWithItsChildAtTheTimeoutAndTheMessageGetsAnError()
    {
        var script = _dir.Script("hang.sh", $"echo $$ > '{_dir.File("main.pid")}'\nsleep 600 &\necho $! > '{_dir.File("child.pid")}'\nsleep 600");
        var findings = await CommandTestScan.FindingsAsync(Scanner($"hang /bin/sh {script} timeout=1"), Clean);
        var error = Assert.Single(findings);
        Assert.Equal(FindingCategory.Error, error.Category);
        Assert.Equal("command:hang:error", error.Rule);
        Assert.Contains("no answer within 1 s", error.Detail, StringComparison.Ordinal);
        Assert.True(error.TimedOut, "scanner health counts it as a timeout");
        Assert.True(Processes.DiesSoon(_dir.Pid("main.pid")), "the scanner still runs");
        Assert.True(Processes.DiesSoon(_dir.Pid("child.pid")), "the scanner's child still runs");
    }

    [Fact]
    public async Task AnExitCodeThatIsNeitherInfectedNorCleanIsAnErrorNotClean()
    {
        var script = _dir.Script("seven.sh", "cat > /dev/null\necho 'cannot open database' >&2\nexit 7");
        var error = Assert.Single(await CommandTestScan.FindingsAsync(Scanner($"odd /bin/sh {script}"), Clean));
        Assert.Equal(FindingCategory.Error, error.Category);
        Assert.Equal("command:odd:error", error.Rule);
        Assert.Equal("command odd: exit code 7: cannot open database (scanning raw message)", error.Detail);
        Assert.False(error.TimedOut);
    }

    [Fact]
    public async Task TheInfectedExitCodeGivesAVirusNamedByTheRegexOrByTheExitCode()
    {
        var named = _dir.Script("named.sh", "cat > /dev/null\necho 'Found the EICAR test file NOT a virus.'\nexit 13");
        var silent = _dir.Script("silent.sh", "cat > /dev/null\nexit 13");
        var byName = Assert.Single(await CommandTestScan.FindingsAsync(Scanner($"uv /bin/sh {named} rc=13 name=Found.the.(\\S+).test"), Clean));
        var byCode = Assert.Single(await CommandTestScan.FindingsAsync(Scanner($"uv /bin/sh {silent} rc=13"), Clean));
        Assert.Equal(new Finding(FindingCategory.Virus, "EICAR", "raw message (command uv)", ""), byName);
        Assert.Equal(new Finding(FindingCategory.Virus, "command:uv:rc=13", "raw message (command uv)", ""), byCode);
    }

    [Fact]
    public async Task ClamAvHeuristicNamesArePolicyAndLimitsNotViruses()
    {
        var script = _dir.Script("heur.sh", "cat > /dev/null\necho 'stream: Heuristics.Encrypted.Zip FOUND'\nexit 1");
        var finding = Assert.Single(await CommandTestScan.FindingsAsync(Scanner($"h /bin/sh {script}"), Clean));
        Assert.Equal(FindingCategory.Policy, finding.Category);
        Assert.Equal("Heuristics.Encrypted.Zip", finding.Rule);
    }

    [Fact]
    public async Task WithoutFilePlaceholderTheRawMessageGoesToStdin()
    {
        var copy = _dir.File("stdin.copy");
        var script = _dir.Script("stdin.sh", "cat > \"$1\"");
        var findings = await CommandTestScan.FindingsAsync(Scanner($"in /bin/sh {script} {copy}"), Clean);
        Assert.Empty(findings);
        Assert.Equal(Encoding.Latin1.GetBytes(Clean), File.ReadAllBytes(copy));
    }

    [Fact]
    public async Task WithFilePlaceholderEachPartIsAGeneratedFileRemovedAfterwards()
    {
        var scratch = Directory.CreateDirectory(_dir.File("scratch")).FullName;
        var script = _dir.Script("file.sh", $"echo \"$1\" >> '{_dir.File("paths")}'\ncat \"$1\" >> '{_dir.File("contents")}'");
        var secret = Encoding.ASCII.GetBytes("attachment body\n");
        var mail = WithAttachment("evil-name.exe", secret);

        var findings = await CommandTestScan.FindingsAsync(Scanner($"f /bin/sh {script} {{file}} target=entities", scratch), mail);

        Assert.Empty(findings);
        var paths = File.ReadAllLines(_dir.File("paths"));
        Assert.Equal(2, paths.Length); // the text part and the attachment
        foreach (var path in paths)
        {
            Assert.StartsWith(scratch + "/", path, StringComparison.Ordinal);
            Assert.DoesNotContain("evil", path, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(".exe", path, StringComparison.OrdinalIgnoreCase);
            Assert.False(File.Exists(path), path + " was left behind");
        }

        Assert.EndsWith("attachment body\n", File.ReadAllText(_dir.File("contents")), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    }

    [Fact]
    public async Task AnInfectedPartIsNamedWithItsPathAndFileName()
    {
        var script = _dir.Script("grep.sh", "if grep -q MARKER \"$1\"; then echo \"$1: Test.Marker FOUND\"; exit 1; fi");
        var mail = WithAttachment("invoice.pdf", Encoding.ASCII.GetBytes("%PDF MARKER\n"));
        var finding = Assert.Single(await CommandTestScan.FindingsAsync(Scanner($"m /bin/sh {script} {{file}} target=both"), mail));
        Assert.Equal(new Finding(FindingCategory.Virus, "Test.Marker", "invoice.pdf (command m)", "2"), finding);
    }

    [Fact]
    public async Task InputsBelowMinSizeAreNotSentAndAboveMaxSizeGiveALimitsFinding()
    {
        var ran = _dir.File("ran");
        var script = _dir.Script("mark.sh", $"cat > /dev/null\necho x >> '{ran}'");
        var size = Encoding.Latin1.GetByteCount(Clean);

        var small = await CommandTestScan.FindingsAsync(Scanner($"s /bin/sh {script} minsize={size + 1}"), Clean);
        var large = await CommandTestScan.FindingsAsync(Scanner($"s /bin/sh {script} maxsize={size - 1}"), Clean);
        Assert.False(File.Exists(ran), "the scanner ran on a message outside its size range");
        var inRange = await CommandTestScan.FindingsAsync(Scanner($"s /bin/sh {script} minsize={size} maxsize={size}"), Clean);

        Assert.Empty(small);
        var limit = Assert.Single(large);
        Assert.Equal(FindingCategory.Limits, limit.Category);
        Assert.Equal("command:s:too-large", limit.Rule);
        Assert.Equal("", limit.PartPath);
        Assert.Empty(inRange);
        Assert.True(File.Exists(ran));
    }

    [Fact]
    public async Task AMissingProgramIsAnErrorNotClean()
    {
        var finding = Assert.Single(await CommandTestScan.FindingsAsync(Scanner("gone /nonexistent/uvscan --secure"), Clean));
        Assert.Equal(FindingCategory.Error, finding.Category);
        Assert.Contains("program not found: /nonexistent/uvscan", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailureOnOnePartStopsTheRunsForThatMessage()
    {
        var runs = _dir.File("runs");
        var script = _dir.Script("fail.sh", $"echo x >> '{runs}'\nexit 2");
        var findings = await CommandTestScan.FindingsAsync(Scanner($"f /bin/sh {script} {{file}} target=both"), WithAttachment("a.bin", [1, 2, 3]));
        Assert.Equal("command:f:error", Assert.Single(findings).Rule);
        Assert.Single(File.ReadAllLines(runs));
    }
}
