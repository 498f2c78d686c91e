using System.Diagnostics;
using System.Globalization;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;

namespace Vigil.Bench;

/// <summary>
/// Issue 4's scanner overhead, side by side in one process and one run: (a) each raw message
/// sent straight to clamd with INSTREAM by our ClamdClient (the physical limit), then
/// MessageJudge with a ClamdScanner in (b) Raw, (c) Entities and (d) Both modes, plus the
/// analysis alone without a scanner (to show what (b) adds to (a)). All sequential, one message
/// at a time, the same messages in memory. Each timed round cuts the messages into blocks of
/// <see cref="BlockSize"/> and runs every mode over a block before the next block (A B C.. A B C..,
/// starting with a different mode each block), so machine noise longer than a block (~0.1-0.5 s)
/// hits every mode alike; a mode's round time is the sum of its blocks. Besides the ratio of the
/// medians it prints the median of the per-round ratios (paired: each round's (b) against the
/// same round's (a)). (a') is the same loop as (a) over one clamd session (zIDSESSION), the
/// physical limit with the connect per request taken out, as Vigil's clamd client now does.
/// </summary>
public static class ClamdOverheadBench
{
    private const int BlockSize = 250;
    private const string Instream = "(a) INSTREAM only";
    private const string Session = "(a') INSTREAM, session";
    private const string Analysis = "    analysis only";
    private const string NoOp = "    + tee, no-op scanner";
    private const string Interleaved = "    analysis, then (a)";

    public static async Task<int> RunAsync(string[] args, int warmup, int iterations)
    {
        var setup = ClamdBenchSetup.Parse(args, ["--warmup", "--iterations"]);
        if (setup is null || !await setup.PingAllAsync())
        {
            return 2;
        }

        var client = new ClamdClient(setup.Addresses[0]);
        var counters = new Dictionary<string, RequestCountingScanner>(StringComparer.Ordinal);
        var counted = new Dictionary<string, MessageJudge>(StringComparer.Ordinal);
        var timed = new Dictionary<string, MessageJudge>(StringComparer.Ordinal)
        {
            [Analysis] = ClamdBenchSetup.NewMessageScanner(null),
            [NoOp] = ClamdBenchSetup.NewMessageScanner(new NullScanner()),
        };
        foreach (var (label, mode) in new[] { ("(b) raw", ClamdScanMode.Raw), ("(c) entities", ClamdScanMode.Entities), ("(d) both", ClamdScanMode.Both) })
        {
            counters[label] = new RequestCountingScanner(new ClamdScanner(client, mode));
            counted[label] = ClamdBenchSetup.NewMessageScanner(counters[label]);
            timed[label] = ClamdBenchSetup.NewMessageScanner(new ClamdScanner(client, mode));
        }

        string[] order = [Instream, Session, Analysis, NoOp, Interleaved, "(b) raw", "(c) entities", "(d) both"];
        string[] keys = ["instream", "session", "analysis", "noop", "interleaved", "raw", "entities", "both"];
        var sessionClient = new ClamdClient(setup.Addresses[0]);
        var outcomes = new Dictionary<string, (int Virus, int Error)>(StringComparer.Ordinal);

        // Warm-up, and the one counting pass: the counting wrapper stays out of the timed rounds.
        for (var w = 0; w < Math.Max(1, warmup); w++)
        {
            outcomes[Instream] = await InstreamPassAsync(client, setup.Messages);
            outcomes[Session] = await SessionPassAsync(sessionClient, setup.Messages);
            outcomes[Analysis] = await ScanPassAsync(timed[Analysis], setup.Messages);
            outcomes[NoOp] = await ScanPassAsync(timed[NoOp], setup.Messages);
            outcomes[Interleaved] = await InstreamPassAsync(client, setup.Messages, timed[Analysis]);
            foreach (var (label, scanner) in counted)
            {
                if (w == 0)
                {
                    outcomes[label] = await ScanPassAsync(scanner, setup.Messages);
                }
                else
                {
                    await ScanPassAsync(timed[label], setup.Messages);
                }
            }
        }

        var wall = order.ToDictionary(m => m, _ => new List<double>(), StringComparer.Ordinal);
        var cpu = order.ToDictionary(m => m, _ => 0.0, StringComparer.Ordinal);
        var clamdCpu = order.ToDictionary(m => m, _ => 0.0, StringComparer.Ordinal);
        var blocks = (setup.Messages.Length + BlockSize - 1) / BlockSize;
        for (var round = 0; round < iterations; round++)
        {
            var roundWall = new double[order.Length];
            for (var b = 0; b < blocks; b++)
            {
                var block = setup.Messages[(b * BlockSize)..Math.Min(setup.Messages.Length, (b + 1) * BlockSize)];
                for (var k = 0; k < order.Length; k++)
                {
                    var m = (round * blocks + b + k) % order.Length;
                    var label = order[m];
                    var cpu0 = Environment.CpuUsage.TotalTime;
                    var clamd0 = setup.ClamdCpu();
                    var start = Stopwatch.GetTimestamp();
                    if (label == Instream)
                    {
                        await InstreamPassAsync(client, block);
                    }
                    else if (label == Session)
                    {
                        await SessionPassAsync(sessionClient, block);
                    }
                    else if (label == Interleaved)
                    {
                        await InstreamPassAsync(client, block, timed[Analysis]);
                    }
                    else
                    {
                        await ScanPassAsync(timed[label], block);
                    }

                    roundWall[m] += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    cpu[label] += (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds;
                    clamdCpu[label] += (setup.ClamdCpu() - clamd0).TotalMilliseconds;
                }
            }

            for (var m = 0; m < order.Length; m++)
            {
                wall[order[m]].Add(roundWall[m]);
            }
        }

        var n = setup.Messages.Length;
        var baseLeast = wall[Instream].Min();
        var baseMedian = Median(wall[Instream]);
        Console.Out.WriteLine();
        Console.Out.WriteLine($"clamd overhead: {n} messages, sequential, {Math.Max(1, warmup)} warm-up + {iterations} timed rounds, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"mode",-24} {"least ms",9} {"median ms",10} {"x (a) least",11} {"x (a) median",12} {"x (a) paired",12} {"x (a') paired",13} {"msg/s",7} {"vigil cpu",10} {"clamd cpu",10} {"req/msg",8} {"virus",6} {"error",6}"));
        for (var m = 0; m < order.Length; m++)
        {
            var label = order[m];
            var least = wall[label].Min();
            var median = Median(wall[label]);
            var paired = Median([.. wall[label].Select((w, r) => w / wall[Instream][r])]);
            var pairedSession = Median([.. wall[label].Select((w, r) => w / wall[Session][r])]);
            var requests = label == Instream ? "1" : counters.TryGetValue(label, out var c) ? ((c.RawRequests + c.EntityRequests) / (double)c.Messages).ToString("0.00", CultureInfo.InvariantCulture) : "0";
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-24} {least,9:0} {median,10:0} {least / baseLeast,11:0.00} {median / baseMedian,12:0.00} {paired,12:0.00} {pairedSession,13:0.00} {n / (median / 1000),7:0} {cpu[label] / iterations,10:0} {clamdCpu[label] / iterations,10:0} {requests,8} {outcomes[label].Virus,6} {outcomes[label].Error,6}"));
            var key = keys[m];
            Metrics.Machine($"overhead_{key}_least_ms", least);
            Metrics.Machine($"overhead_{key}_ratio_least", least / baseLeast);
            Metrics.Machine($"overhead_{key}_ratio_median", median / baseMedian);
            Metrics.Machine($"overhead_{key}_ratio_paired", paired);
            Metrics.Machine($"overhead_{key}_ratio_paired_session", pairedSession);
        }

        Console.Out.WriteLine("(paired: median over rounds of this mode's round time / (a)'s or (a')'s in the same round; msg/s from the median; vigil cpu and clamd cpu: mean ms per pass; clamd cpu is 0 without --clamd-pid)");
        Console.Out.WriteLine();
        Console.Out.WriteLine("clamd requests in the counting pass (one pass over every message):");
        foreach (var (label, c) in counters)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label,-14} raw {c.RawRequests,6}  entities {c.EntityRequests,6} = {c.EntityRequests / (double)c.Messages:0.00}/msg (plain text parts {c.PlainTextEntityRequests}, transfer-encoded MIME parts {c.EncodedPartEntityRequests}, expanded {c.ExpandedEntityRequests})"));
            var key = label[(label.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            Metrics.Machine($"requests_{key}_entity_per_msg", c.EntityRequests / (double)c.Messages);
            Metrics.Machine($"requests_{key}_plain_text", c.PlainTextEntityRequests);
        }

        return 0;
    }

    /// <param name="analyzeFirst">When given, each message is first scanned by it (no clamd), then sent: Vigil's work and clamd's one after the other, without the tee or the orchestrator.</param>
    private static async Task<(int Virus, int Error)> InstreamPassAsync(ClamdClient client, byte[][] messages, MessageJudge? analyzeFirst = null)
    {
        int virus = 0, error = 0;
        foreach (var message in messages)
        {
            if (analyzeFirst is not null)
            {
                using var input = new MemoryStream(message, writable: false);
                using var analysed = await analyzeFirst.JudgeAsync(input);
            }

            using var stream = new MemoryStream(message, writable: false);
            var result = await client.ScanStreamAsync(stream);
            virus += result.Outcome == ClamdOutcome.Infected ? 1 : 0;
            error += result.Outcome is ClamdOutcome.Error or ClamdOutcome.SizeLimit ? 1 : 0;
        }

        return (virus, error);
    }

    /// <summary>(a'): the same raw INSTREAM loop, over kept-open clamd sessions.</summary>
    private static async Task<(int Virus, int Error)> SessionPassAsync(ClamdClient client, byte[][] messages)
    {
        int virus = 0, error = 0;
        foreach (var message in messages)
        {
            var result = await client.ScanAsync(() => new MemoryStream(message, writable: false));
            virus += result.Outcome == ClamdOutcome.Infected ? 1 : 0;
            error += result.Outcome is ClamdOutcome.Error or ClamdOutcome.SizeLimit ? 1 : 0;
        }

        return (virus, error);
    }

    private static async Task<(int Virus, int Error)> ScanPassAsync(MessageJudge scanner, byte[][] messages)
    {
        int virus = 0, error = 0;
        foreach (var message in messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            using var result = await scanner.JudgeAsync(stream);
            ClamdBenchSetup.Tally(result.Verdict, ref virus, ref error);
        }

        return (virus, error);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
