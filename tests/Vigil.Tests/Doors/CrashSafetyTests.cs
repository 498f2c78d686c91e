using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigil.Engine.Dispositions.Quarantine;
using Xunit.Abstractions;

namespace Vigil.Tests.Doors;

/// <summary>
/// kill -9 of `vigil queue` at random points while 200 messages flow through it, the way
/// qmail-smtpd runs it. What qmail-smtpd sees is vigil's exit: 0 means the message is taken
/// (queued or quarantined), any other exit or death by a signal is a 4xx/5xx and the sender keeps
/// the message. So whatever the kill hits, nothing may be lost that was answered with 0, nothing
/// may be delivered that was not scanned clean and complete, and no half-written file may appear
/// in the quarantine's new/. The seed is printed (and in every failure); VIGIL_CRASH_SEED repeats it.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int MessageCount = 200;
    private const int WorkerCount = 3;

    [Fact]
    public void KillingVigilQueueAtRandomPointsNeverQueuesATruncatedOrUnscannedMessageNorLeavesAHalfFileInNew()
    {
        var seed = Environment.GetEnvironmentVariable("VIGIL_CRASH_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (VIGIL_CRASH_SEED={seed} repeats the same messages and kill plans)");
        var random = new Random(seed);
        var dir = Path.Combine(Path.GetTempPath(), "vigil-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var passed = false;
        try
        {
            var clock = Stopwatch.StartNew();
            var inputs = Path.Combine(dir, "inputs");
            Directory.CreateDirectory(inputs);
            var messages = new CrashMessage[MessageCount];
            for (var i = 0; i < MessageCount; i++)
            {
                messages[i] = CrashMessage.Create(i, i < 4 ? (CrashMessageKind)i : PickKind(random), random);
                messages[i].WriteTo(inputs);
            }

            var standIn = CrashWorker.InstallStandIn(dir);
            var workers = new CrashWorker[WorkerCount];
            for (var w = 0; w < WorkerCount; w++)
            {
                workers[w] = new CrashWorker(Path.Combine(dir, $"worker-{w}"), standIn);
            }

            // One undisturbed run per kind first: its time scales the random kill delays.
            var runs = new CrashRun[MessageCount];
            var typicalMs = new Dictionary<CrashMessageKind, double>();
            for (var i = 0; i < 4; i++)
            {
                runs[i] = workers[0].Run(messages[i], new CrashPlan(CrashTrigger.None, 0, false));
                typicalMs[messages[i].Kind] = runs[i].ElapsedMs;
            }

            var plans = new CrashPlan[MessageCount];
            for (var i = 4; i < MessageCount; i++)
            {
                plans[i] = PickPlan(messages[i], typicalMs[messages[i].Kind], random);
            }

            var threads = new Thread[WorkerCount];
            var errors = new Exception?[WorkerCount];
            for (var w = 0; w < WorkerCount; w++)
            {
                var worker = w;
                threads[w] = new Thread(() =>
                {
                    try
                    {
                        for (var i = 4 + worker; i < MessageCount; i += WorkerCount)
                        {
                            runs[i] = workers[worker].Run(messages[i], plans[i]);
                        }
                    }
                    catch (Exception e)
                    {
                        errors[worker] = e;
                    }
                });
                threads[w].Start();
            }

            foreach (var t in threads)
            {
                t.Join();
            }

            foreach (var e in errors)
            {
                if (e is not null)
                {
                    throw new InvalidOperationException($"seed {seed}: a worker failed", e);
                }
            }

            var failures = new List<string>();
            foreach (var run in runs)
            {
                Check(run, failures);
            }

            output.WriteLine(Summary(runs, workers, clock.Elapsed));
            Assert.True(failures.Count == 0, $"seed {seed}, kept in {dir}:\n" + string.Join('\n', failures));

            // The test is only worth something if kills really landed inside the two dangerous writes.
            Assert.True(runs.Any(r => r.KilledDuringHandOff && !r.Plan.WholeGroup), $"seed {seed}: no kill of vigil alone landed during the hand-off to qmail-queue");
            Assert.True(runs.Any(r => r.KilledDuringQuarantineWrite), $"seed {seed}: no kill landed during a quarantine write");
            passed = true;
        }
        finally
        {
            if (passed)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static void Check(CrashRun run, List<string> failures)
    {
        var m = run.Message;
        if (run.Queued)
        {
            if (!m.IsClean)
            {
                failures.Add($"{run}: a blocked message was handed to qmail-queue");
            }

            var queued = File.ReadAllBytes(run.Record + ".message");
            if (!queued.AsSpan().SequenceEqual(m.Bytes))
            {
                failures.Add($"{run}: qmail-queue queued {queued.Length} bytes that are not the {m.Bytes.Length} bytes sent (truncated or changed)");
            }

            if (!File.ReadAllBytes(run.Record + ".envelope").AsSpan().SequenceEqual(m.Envelope))
            {
                failures.Add($"{run}: qmail-queue got another envelope");
            }
        }

        if (run.NewQuarantineFiles.Count > 1)
        {
            failures.Add($"{run}: one message stored {run.NewQuarantineFiles.Count} times");
        }

        foreach (var file in run.NewQuarantineFiles)
        {
            CheckQuarantined(run, file, failures);
        }

        if (run.Killed)
        {
            return; // qmail-smtpd saw vigil die: 451, the sender retries; what was stored is checked above.
        }

        if (run.ExitCode != 0)
        {
            failures.Add($"{run}: refused although nothing was killed\n{run.Stderr}");
        }
        else if (m.IsClean && (!run.Queued || run.NewQuarantineFiles.Count != 0))
        {
            failures.Add($"{run}: exit 0 but the clean message was not queued (only queued)\n{run.Stderr}");
        }
        else if (!m.IsClean && (run.Queued || run.NewQuarantineFiles.Count != 1))
        {
            failures.Add($"{run}: exit 0 but the blocked message is not in the quarantine (only there)\n{run.Stderr}");
        }
    }

    private static void CheckQuarantined(CrashRun run, string file, List<string> failures)
    {
        var m = run.Message;
        if (m.IsClean)
        {
            failures.Add($"{run}: a clean message was quarantined: {file}");
        }

        // file = ROOT/FOLDER/new/ID
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(file)))!;
        var store = new QuarantineStore(root);
        var id = Path.GetFileName(file);
        if (store.Find(id) is not { } record)
        {
            failures.Add($"{run}: {file} in new/ does not parse as a quarantined message");
            return;
        }

        using var original = store.OpenOriginal(id)!;
        using var copy = new MemoryStream();
        original.CopyTo(copy);
        if (!copy.GetBuffer().AsSpan(0, (int)copy.Length).SequenceEqual(m.Bytes))
        {
            failures.Add($"{run}: {file} holds {copy.Length} message bytes that are not the {m.Bytes.Length} bytes sent (half written?)");
        }

        if (record.Sender != m.Sender || record.Recipients.Count != 1 || record.Recipients[0] != m.Recipient)
        {
            failures.Add($"{run}: {file} records another envelope");
        }
    }

    private static CrashMessageKind PickKind(Random random) => random.Next(100) switch
    {
        < 40 => CrashMessageKind.CleanSmall,
        < 52 => CrashMessageKind.CleanLarge,
        < 88 => CrashMessageKind.PolicySmall,
        _ => CrashMessageKind.PolicyLarge,
    };

    private static CrashPlan PickPlan(CrashMessage message, double typicalMs, Random random)
    {
        var wholeGroup = random.Next(2) == 0;
        var roll = random.NextDouble();
        if (roll < 0.2)
        {
            return new CrashPlan(CrashTrigger.None, 0, false);
        }

        // Large messages are where the writes take long enough to be hit: aim at them more often.
        var eventShare = message.IsLarge ? 0.65 : 0.3;
        if (roll < 0.2 + (0.8 * eventShare))
        {
            var trigger = message.IsClean ? CrashTrigger.DuringHandOff : CrashTrigger.DuringQuarantineWrite;
            return new CrashPlan(trigger, random.NextDouble() * (message.IsLarge ? 12 : 1), wholeGroup);
        }

        return new CrashPlan(CrashTrigger.AtDelay, random.NextDouble() * typicalMs * 1.2, wholeGroup);
    }

    private static string Summary(CrashRun[] runs, CrashWorker[] workers, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{runs.Length} runs in {elapsed.TotalSeconds:0.0} s on {WorkerCount} workers\n");
        foreach (var kind in Enum.GetValues<CrashMessageKind>())
        {
            var ofKind = runs.Where(r => r.Message.Kind == kind).ToList();
            text.Append(CultureInfo.InvariantCulture,
                $"  {kind}: {ofKind.Count} runs, {ofKind.Count(r => r.Killed)} killed, {ofKind.Count(r => r.Queued)} queued, " +
                $"{ofKind.Count(r => r.NewQuarantineFiles.Count > 0)} quarantined, {ofKind.Count(r => !r.Killed && r.ExitCode != 0)} refused\n");
        }

        text.Append(CultureInfo.InvariantCulture,
            $"  kills: {runs.Count(r => r.Killed)} ({runs.Count(r => r.Killed && r.Plan.WholeGroup)} of the group), " +
            $"{runs.Count(r => r.KilledDuringHandOff)} during the hand-off ({runs.Count(r => r.KilledDuringHandOff && !r.Plan.WholeGroup)} of vigil alone: " +
            $"{runs.Count(r => r.KilledDuringHandOff && !r.Plan.WholeGroup && !r.Queued)} of those not queued), " +
            $"{runs.Count(r => r.KilledDuringQuarantineWrite)} during a quarantine write; " +
            $"{runs.Count(r => r.Killed && (r.Queued || r.NewQuarantineFiles.Count > 0))} killed runs had stored the message already (qmail-smtpd says 451: a duplicate when the sender retries)\n");
        text.Append(CultureInfo.InvariantCulture, $"  left in quarantine tmp/: {workers.Sum(w => w.QuarantineFiles("tmp").Count)} files (allowed; vigil cleanup removes them)\n");
        var spools = workers.Sum(w => Directory.GetDirectories(w.Temp, "vigil-queue-*").Length);
        var otherTemp = workers.Sum(w => Directory.GetFileSystemEntries(w.Temp).Length) - spools;
        text.Append(CultureInfo.InvariantCulture, $"  left in TMPDIR by killed runs: {spools} vigil-queue-* spool directories, {otherTemp} other entries\n");
        text.Append(CultureInfo.InvariantCulture, $"  median run {Median(runs.Where(r => !r.Killed).Select(r => r.ElapsedMs))} ms unkilled");
        return text.ToString();
    }

    private static string Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? "-" : sorted[sorted.Count / 2].ToString("0", CultureInfo.InvariantCulture);
    }
}
