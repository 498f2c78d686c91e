using System.ComponentModel;
using System.Diagnostics;

namespace Vigil.Engine.Scanners.Command;

/// <summary>
/// Runs an external scanner: arguments passed one by one (no shell), input fed on stdin, output
/// read up to a bound, and a deadline after which the program and everything it started are
/// killed. On Linux the program is started through util-linux `setsid`, which makes it the leader
/// of a new process group (group id = its pid); on timeout, and after every run to clear what it
/// left behind, that group gets SIGKILL (see <see cref="ProcessGroup"/>). Without setsid only the
/// process tree .NET can see is killed.
/// </summary>
public static class ProcessRunner
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private static readonly string? Setsid = FindSetsid();

    /// <summary>True when programs get a process group of their own (setsid was found).</summary>
    public static bool UsesProcessGroups => Setsid is not null;

    /// <summary>Runs <paramref name="spec"/> with <paramref name="input"/> on stdin (stdin is closed at once when null).</summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellation"/> fires; the program is killed first.</exception>
    public static async Task<ProcessRun> RunAsync(ProcessSpec spec, Stream? input, CancellationToken cancellation)
    {
        var program = ResolveProgram(spec.Program);
        if (program is null)
        {
            return new ProcessRun(ProcessRunStatus.FailedToStart, -1, "", "", $"program not found: {spec.Program}");
        }

        var startInfo = StartInfo(spec, program);
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new Win32Exception("no process started");
        }
        catch (Win32Exception e)
        {
            return new ProcessRun(ProcessRunStatus.FailedToStart, -1, "", "", $"could not start {program}: {e.Message}");
        }

        using (process)
        {
            var stdout = BoundedOutput.ReadAsync(process.StandardOutput.BaseStream, spec.OutputLimit);
            var stderr = BoundedOutput.ReadAsync(process.StandardError.BaseStream, spec.OutputLimit);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(spec.Timeout);
            var feed = FeedAsync(process.StandardInput.BaseStream, input, deadline.Token);

            var timedOut = false;
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
            }

            // Also after a normal exit: a child left running would hold the output pipes open.
            KillEverything(process);
            if (timedOut)
            {
                await WaitQuietly(process.WaitForExitAsync(CancellationToken.None)).ConfigureAwait(false);
            }

            await WaitQuietly(Task.WhenAll(feed, stdout, stderr)).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();

            var output = stdout.IsCompletedSuccessfully ? stdout.Result : "";
            var errors = stderr.IsCompletedSuccessfully ? stderr.Result : "";
            if (timedOut)
            {
                var seconds = spec.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
                var how = UsesProcessGroups ? "its process group was killed" : "it was killed";
                return new ProcessRun(ProcessRunStatus.TimedOut, -1, output, errors, $"no answer within {seconds} s; {how}");
            }

            return new ProcessRun(ProcessRunStatus.Exited, process.ExitCode, output, errors);
        }
    }

    private static ProcessStartInfo StartInfo(ProcessSpec spec, string program)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            CreateNoWindow = true,

            // Always redirected: an inherited stdin could be the very message `vigil scan` reads.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Setsid is not null)
        {
            // --wait only matters if setsid had to fork (it does not when started from .NET, as the
            // child is no group leader): it then passes the program's exit code on.
            info.FileName = Setsid;
            info.ArgumentList.Add("--wait");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(program);
        }
        else
        {
            info.FileName = program;
        }

        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (spec.Environment is not null)
        {
            foreach (var (name, value) in spec.Environment)
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    private static async Task FeedAsync(Stream stdin, Stream? input, CancellationToken cancellation)
    {
        try
        {
            if (input is not null)
            {
                await input.CopyToAsync(stdin, 64 * 1024, cancellation).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The program closed its stdin (read what it wanted, or died): its exit code tells.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void KillEverything(Process process)
    {
        if (Setsid is not null)
        {
            ProcessGroup.Kill(process.Id);
        }

        try
        {
            // Covers a program that had not reached setsid() yet, and systems without setsid.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }

    private static async Task WaitQuietly(Task task)
    {
        try
        {
            await task.WaitAsync(Grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Something that escaped the group still holds a pipe: give up on it, the run is over.
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
        }
    }

    /// <summary>The program's full path: as given when it has a slash, else the first match on PATH.</summary>
    private static string? ResolveProgram(string program)
    {
        if (program.Length == 0)
        {
            return null;
        }

        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(program);
            return File.Exists(full) ? full : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindSetsid()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var candidate in (ReadOnlySpan<string>)["/usr/bin/setsid", "/bin/setsid"])
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
