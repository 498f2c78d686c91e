using System.Globalization;
using Vigil.Engine.Scanners.Command;

namespace Vigil.Engine.Tests.Scanners.Command;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<ProcessRun> RunAsync(string script, double timeoutSeconds = 30, Stream? input = null, params string[] arguments) =>
        ProcessRunner.RunAsync(new ProcessSpec("/bin/sh", [script, .. arguments], TimeSpan.FromSeconds(timeoutSeconds)), input, CancellationToken.None);

    [Fact]
    public async Task TheProgramLeadsAProcessGroupOfItsOwn()
    {
        Assert.True(ProcessRunner.UsesProcessGroups, "setsid (util-linux) is expected on this Linux machine");
        var script = _dir.Script("group.sh", "cut -d' ' -f5 /proc/$$/stat; echo $$");
        var run = await RunAsync(script);
        Assert.Equal(ProcessRunStatus.Exited, run.Status);
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines[1], lines[0]);
        Assert.NotEqual(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), lines[0]);
    }

    [Fact]
    public async Task AHungProgramItsChildAndAnOrphanedGrandchildAreKilledAtTheTimeout()
    {
        // The orphan's parent (a subshell) is gone: it is in no process tree of ours, only in the group.
        var script = _dir.Script(
            "hang.sh",
            $"echo $$ > '{_dir.File("main.pid")}'\nsleep 600 &\necho $! > '{_dir.File("child.pid")}'\n" +
            $"(sleep 600 & echo $! > '{_dir.File("orphan.pid")}')\nsleep 600");
        var run = await RunAsync(script, timeoutSeconds: 1);
        Assert.Equal(ProcessRunStatus.TimedOut, run.Status);
        Assert.Contains("no answer within 1 s; its process group was killed", run.Problem, StringComparison.Ordinal);
        Assert.True(Processes.DiesSoon(_dir.Pid("main.pid")), "the script still runs");
        Assert.True(Processes.DiesSoon(_dir.Pid("child.pid")), "the script's child still runs");
        Assert.True(Processes.DiesSoon(_dir.Pid("orphan.pid")), "the orphaned grandchild still runs");
    }

    [Fact]
    public async Task AChildLeftRunningAfterANormalExitIsKilledAndDoesNotHoldTheRunOpen()
    {
        // The background sleep inherits stdout: without the group kill, reading would wait on it.
        var script = _dir.Script("leftover.sh", $"sleep 600 &\necho $! > '{_dir.File("child.pid")}'\necho done\nexit 3");
        var run = await RunAsync(script);
        Assert.Equal(ProcessRunStatus.Exited, run.Status);
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("done", run.FirstLine);
        Assert.True(Processes.DiesSoon(_dir.Pid("child.pid")), "the left-over child still runs");
    }

    [Fact]
    public async Task OutputIsKeptUpToTheLimitAndTheRestIsDrained()
    {
        var script = _dir.Script("chatty.sh", "head -c 5000000 /dev/zero | tr '\\0' 'a'\nhead -c 300000 /dev/zero | tr '\\0' 'b' >&2\nexit 0");
        var run = await RunAsync(script);
        Assert.Equal(ProcessRunStatus.Exited, run.Status);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ProcessSpec.DefaultOutputLimit, run.StandardOutput.Length);
        Assert.Equal(ProcessSpec.DefaultOutputLimit, run.StandardError.Length);
        Assert.All(run.StandardError.ToCharArray(), c => Assert.Equal('b', c));
    }

    [Fact]
    public async Task StdinIsFedAndAProgramThatIgnoresItStillFinishes()
    {
        var echo = _dir.Script("wc.sh", "wc -c");
        var ignore = _dir.Script("ignore.sh", "exit 0");
        var big = new byte[3_000_000];
        var counted = await RunAsync(echo, input: new MemoryStream(big));
        var ignored = await RunAsync(ignore, input: new MemoryStream(big));
        Assert.Equal("3000000", counted.StandardOutput.Trim());
        Assert.Equal(ProcessRunStatus.Exited, ignored.Status);
        Assert.Equal(0, ignored.ExitCode);
    }

    [Fact]
    public async Task AMissingProgramFailsToStart()
    {
        var run = await ProcessRunner.RunAsync(new ProcessSpec("/nonexistent/scanner", [], TimeSpan.FromSeconds(5)), null, CancellationToken.None);
        var onPath = await ProcessRunner.RunAsync(new ProcessSpec("no-such-scanner-anywhere", [], TimeSpan.FromSeconds(5)), null, CancellationToken.None);
        Assert.Equal(ProcessRunStatus.FailedToStart, run.Status);
        Assert.Contains("program not found", run.Problem, StringComparison.Ordinal);
        Assert.Equal(ProcessRunStatus.FailedToStart, onPath.Status);
    }

    [Fact]
    public async Task ArgumentsReachTheProgramVerbatimWithoutAShell()
    {
        var script = _dir.Script("args.sh", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done");
        var run = await RunAsync(script, 30, null, "$(touch /tmp/x)", "a b", "*", "; exit 9");
        Assert.Equal("[$(touch /tmp/x)]\n[a b]\n[*]\n[; exit 9]\n", run.StandardOutput);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task CancellationKillsTheProgramAndThrows()
    {
        var script = _dir.Script("hang.sh", $"echo $$ > '{_dir.File("main.pid")}'\nexec sleep 600");
        using var cancel = new CancellationTokenSource();
        var running = ProcessRunner.RunAsync(new ProcessSpec("/bin/sh", [script], TimeSpan.FromSeconds(60)), null, cancel.Token);
        for (var i = 0; i < 100 && !File.Exists(_dir.File("main.pid")); i++)
        {
            await Task.Delay(50);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(Processes.DiesSoon(_dir.Pid("main.pid")));
    }
}
