using System.Diagnostics;
using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>
/// Runs `vigil queue` processes one after another, each the way qmail-smtpd starts it (message on
/// fd 0, envelope on fd 1), with its own control directory, quarantine root and recording
/// qmail-queue stand-in, and kills them as a <see cref="CrashPlan"/> says. Each run is the leader
/// of a new process group (util-linux `setsid`), so the qmail-queue it starts can be killed with
/// it, and the worker can wait until an orphaned qmail-queue has finished before it looks at the
/// results. Runs on one worker never overlap, so what appears in the quarantine during a run is
/// that run's.
/// </summary>
internal sealed class CrashWorker
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    public CrashWorker(string directory, string standIn)
    {
        Directory.CreateDirectory(directory);
        Dir = directory;
        Control = Path.Combine(directory, "control");
        Directory.CreateDirectory(Control);
        Quarantine = Path.Combine(directory, "quarantine");
        Temp = Path.Combine(directory, "tmp");
        Directory.CreateDirectory(Temp);
        StandIn = standIn;
        File.WriteAllText(Path.Combine(Control, "options"), HostIsolation.WithNotifyVia($"quarantine={Quarantine}\n"));
    }

    public string Dir { get; }

    public string Control { get; }

    public string Quarantine { get; }

    public string StandIn { get; }

    /// <summary>TMPDIR of the runs: a killed vigil leaves its private spool directory here, not in /tmp.</summary>
    public string Temp { get; }

    public CrashRun Run(CrashMessage message, CrashPlan plan)
    {
        var record = Path.Combine(Dir, $"record-{message.Index}");
        var newBefore = QuarantineFiles("new");
        var tmpBefore = QuarantineFiles("tmp");

        var psi = new ProcessStartInfo("setsid")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("bash");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec dotnet \"$VIGIL_DLL\" queue --control \"$CONTROL_DIR\" 1<\"$ENV_FILE\" <\"$MSG_FILE\"");
        HostIsolation.Apply(psi);
        psi.Environment["VIGIL_DLL"] = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        psi.Environment["CONTROL_DIR"] = Control;
        psi.Environment["ENV_FILE"] = message.EnvelopeFile;
        psi.Environment["MSG_FILE"] = message.MessageFile;
        psi.Environment["VIGIL_QMAILQUEUE"] = StandIn;
        psi.Environment["STANDIN_RECORD"] = record;
        psi.Environment.Remove("STANDIN_EXIT");
        psi.Environment["TMPDIR"] = Temp;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start vigil queue");
        var stderr = process.StandardError.ReadToEndAsync();
        var handOff = false;
        var quarantineWrite = false;
        var triggeredAt = -1.0;
        var killed = false;
        while (!process.HasExited)
        {
            if (clock.Elapsed > RunTimeout)
            {
                CrashProcessGroup.Kill(process.Id);
                throw new TimeoutException($"vigil queue did not finish: {message}");
            }

            if (!killed && plan.Trigger != CrashTrigger.None)
            {
                if (triggeredAt < 0 && Triggered(plan, clock, record, tmpBefore))
                {
                    triggeredAt = clock.Elapsed.TotalMilliseconds;
                }

                var delay = plan.Trigger == CrashTrigger.AtDelay ? 0 : plan.DelayMs;
                if (triggeredAt >= 0 && clock.Elapsed.TotalMilliseconds >= triggeredAt + delay)
                {
                    // Where the kill lands, as far as one look just before it can tell.
                    handOff = File.Exists(record + ".message.tmp") && !File.Exists(record + ".message");
                    quarantineWrite = QuarantineFiles("tmp").Except(tmpBefore).Any();
                    if (plan.WholeGroup)
                    {
                        CrashProcessGroup.Kill(process.Id);
                    }
                    else
                    {
                        process.Kill();
                    }

                    killed = true;
                    continue;
                }
            }

            if (plan.Trigger is CrashTrigger.DuringHandOff or CrashTrigger.DuringQuarantineWrite && triggeredAt >= 0)
            {
                Thread.SpinWait(2000); // sub-millisecond delays after the event
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;

        // An orphaned qmail-queue (vigil alone was killed) is still in the group until it finishes.
        while (CrashProcessGroup.Exists(process.Id))
        {
            if (clock.Elapsed > RunTimeout)
            {
                CrashProcessGroup.Kill(process.Id);
                throw new TimeoutException($"qmail-queue stand-in did not finish after vigil: {message}");
            }

            Thread.Sleep(2);
        }

        return new CrashRun
        {
            Message = message,
            Plan = plan,
            ExitCode = process.ExitCode,
            KilledDuringHandOff = killed && handOff,
            KilledDuringQuarantineWrite = killed && quarantineWrite,
            NewQuarantineFiles = [.. QuarantineFiles("new").Except(newBefore)],
            Record = record,
            Stderr = stderr.Result,
            ElapsedMs = elapsed,
        };
    }

    /// <summary>Every file in {folder}/{sub} of every quarantine folder (viruses, policy, spam).</summary>
    public HashSet<string> QuarantineFiles(string sub)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(Quarantine))
        {
            return files;
        }

        foreach (var folder in Directory.GetDirectories(Quarantine))
        {
            var dir = Path.Combine(folder, sub);
            if (Directory.Exists(dir))
            {
                files.UnionWith(Directory.GetFiles(dir));
            }
        }

        return files;
    }

    private bool Triggered(CrashPlan plan, Stopwatch clock, string record, HashSet<string> tmpBefore) => plan.Trigger switch
    {
        CrashTrigger.AtDelay => clock.Elapsed.TotalMilliseconds >= plan.DelayMs,
        CrashTrigger.DuringHandOff => File.Exists(record + ".message.tmp"),
        CrashTrigger.DuringQuarantineWrite => QuarantineFiles("tmp").Except(tmpBefore).Any(),
        _ => false,
    };

    /// <summary>A copy of the recording stand-in, executable, in <paramref name="directory"/>.</summary>
    public static string InstallStandIn(string directory)
    {
        var standIn = Path.Combine(directory, "qmail-queue");
        File.Copy(Path.Combine(TestPaths.RepoRoot, "tests", "Vigil.Tests", "Doors", "recording-qmail-queue.sh"), standIn);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return standIn;
    }
}
