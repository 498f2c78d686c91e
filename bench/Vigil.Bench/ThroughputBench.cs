using System.Diagnostics;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;
using Vigil.Output;

namespace Vigil.Bench;

/// <summary>
/// Messages per second over a directory, in process, messages already in memory (so the disk and
/// process start are out of it), then one pass split by phase to show where the time goes.
/// </summary>
public static class ThroughputBench
{
    public static async Task<int> RunAsync(string dir, int warmup, int iterations)
    {
        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        var messages = new byte[files.Length][];
        long totalBytes = 0;
        for (var i = 0; i < files.Length; i++)
        {
            messages[i] = File.ReadAllBytes(files[i]);
            totalBytes += messages[i].Length;
        }

        var policy = new PolicyProvider(controlDirectory: null);
        var scanner = new MessageJudge(new MessageAnalyzer(), policy);
        using var json = new JsonResultWriter(Stream.Null);

        Console.Out.WriteLine($"throughput: {files.Length} messages, {totalBytes / 1048576.0:0.0} MB from {dir}");
        for (var i = 0; i < warmup; i++)
        {
            await ScanAllAsync(scanner, files, messages, json);
        }

        var exceptions = 0;
        var exceptionTypes = new Dictionary<string, int>(StringComparer.Ordinal);
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            exceptions++;
            var key = e.Exception.GetType().Name + ": " + e.Exception.Message;
            exceptionTypes[key] = exceptionTypes.GetValueOrDefault(key) + 1;
        };

        var times = new double[Math.Max(1, iterations)];
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var gcBefore = GC.CollectionCount(0);
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await ScanAllAsync(scanner, files, messages, json);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var allocatedPerMessage = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)times.Length / files.Length;
        var gen0 = (GC.CollectionCount(0) - gcBefore) / (double)times.Length;
        var cpuPerPass = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds / times.Length;
        Array.Sort(times);
        var median = times[times.Length / 2];
        var rate = files.Length / (median / 1000);
        Metrics.Line("scan + policy + JSON, median", $"{Metrics.Ms(median)}  ({times.Length} runs, best {times[0]:0.0} ms)");
        Metrics.Line("messages/s (median)", $"{rate,10:0}");
        Metrics.Line("messages/s (best)", $"{files.Length / (times[0] / 1000),10:0}");
        Metrics.Line("CPU time per pass (user+sys, mean)", $"{Metrics.Ms(cpuPerPass)}  = {files.Length / (cpuPerPass / 1000):0} messages per CPU-second");
        Metrics.Line("MB/s of message (median)", $"{totalBytes / 1048576.0 / (median / 1000),10:0.0}");
        Metrics.Line("allocated per message", $"{allocatedPerMessage / 1024,10:0.0} KB  ({gen0:0} gen0 GCs per pass)");
        Metrics.Line("policy loads (should be 1)", $"{policy.LoadCount,10}");
        Metrics.Line("exceptions thrown per pass", $"{exceptions / (double)times.Length,10:0}");
        foreach (var (what, count) in exceptionTypes)
        {
            Metrics.Line("  " + (what.Length > 60 ? what[..60] : what), $"{count / times.Length,10}");
        }

        Metrics.Machine("inproc_msgs_per_s", rate);
        Metrics.Machine("inproc_msgs_per_s_best", files.Length / (times[0] / 1000));
        Metrics.Machine("inproc_msgs_per_cpu_s", files.Length / (cpuPerPass / 1000));
        Metrics.Machine("inproc_alloc_kb_per_msg", allocatedPerMessage / 1024);

        PhaseSplit(files, messages, json, Math.Max(1, iterations));
        return 0;
    }

    private static async Task ScanAllAsync(MessageJudge scanner, string[] files, byte[][] messages, JsonResultWriter json)
    {
        for (var i = 0; i < messages.Length; i++)
        {
            using var stream = new MemoryStream(messages[i], writable: false);
            using var result = await scanner.JudgeAsync(stream);
            json.Write(files[i], result);
        }
    }

    /// <summary>
    /// Passes with a stopwatch between phases: parse alone, then analysis, policy and output. Each
    /// phase keeps its least time over the passes, which filters out other load on the machine.
    /// </summary>
    private static void PhaseSplit(string[] files, byte[][] messages, JsonResultWriter json, int passes)
    {
        var expanders = new List<TimedExpander>();
        foreach (var e in MessageAnalyzer.DefaultExpanders())
        {
            expanders.Add(new TimedExpander(e));
        }

        var analyzer = new MessageAnalyzer(expanders: expanders);
        var provider = new PolicyProvider(controlDirectory: null);
        long parse = long.MaxValue, analyze = long.MaxValue, policy = long.MaxValue, output = long.MaxValue;
        var expanderTicks = new long[expanders.Count];
        Array.Fill(expanderTicks, long.MaxValue);
        var slowest = new List<(double Ms, string Path)>();
        for (var pass = 0; pass < passes; pass++)
        {
            foreach (var e in expanders)
            {
                e.Reset();
            }

            slowest.Clear();
            var (p, a, po, o) = PhasePass(analyzer, provider, files, messages, json, slowest);
            parse = Math.Min(parse, p);
            analyze = Math.Min(analyze, a);
            policy = Math.Min(policy, po);
            output = Math.Min(output, o);
            for (var i = 0; i < expanders.Count; i++)
            {
                expanderTicks[i] = Math.Min(expanderTicks[i], expanders[i].Ticks);
            }
        }

        Report(files, expanders, expanderTicks, parse, analyze, policy, output, slowest);
    }

    private static (long Parse, long Analyze, long Policy, long Output) PhasePass(
        MessageAnalyzer analyzer, PolicyProvider provider, string[] files, byte[][] messages, JsonResultWriter json, List<(double Ms, string Path)> slowest)
    {
        long parse = 0, analyze = 0, policy = 0, output = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            using (var context = new AnalysisContext(AnalysisLimits.Default))
            {
                using var stream = new MemoryStream(messages[i], writable: false);
                var root = MimeParser.Parse(stream, context);
                foreach (var e in root.DescendantsAndSelf())
                {
                    e.Content?.Dispose();
                }
            }

            var t1 = Stopwatch.GetTimestamp();
            using var input = new MemoryStream(messages[i], writable: false);
            using var analysis = analyzer.Analyze(input);
            var t2 = Stopwatch.GetTimestamp();
            var findings = new PolicyEvaluator(provider.Current).Evaluate(analysis);
            var t3 = Stopwatch.GetTimestamp();
            var result = new Judgement(analysis, new Verdict(findings), TimeSpan.Zero);
            json.Write(files[i], result);
            var t4 = Stopwatch.GetTimestamp();
            parse += t1 - t0;
            analyze += t2 - t1;
            policy += t3 - t2;
            output += t4 - t3;
            slowest.Add((Stopwatch.GetElapsedTime(t1, t4).TotalMilliseconds, files[i]));
        }

        return (parse, analyze, policy, output);
    }

    private static void Report(
        string[] files, List<TimedExpander> expanders, long[] expanderTicks, long parse, long analyze, long policy, long output, List<(double Ms, string Path)> slowest)
    {

        // The CLI reads each file through a FileStream; time that alone (page cache warm).
        var buffer = new byte[64 * 1024];
        var r0 = Stopwatch.GetTimestamp();
        foreach (var file in files)
        {
            using var f = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (f.Read(buffer) > 0)
            {
            }
        }

        var read = Stopwatch.GetTimestamp() - r0;

        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        long expandTicks = 0;
        foreach (var t in expanderTicks)
        {
            expandTicks += t;
        }

        var total = Ms(analyze + policy + output);
        Console.Out.WriteLine("phase split (least time per phase over the passes; parse alone is a separate run, inside analyze):");
        Metrics.Line("analyze (parse+names+detect+expand)", Metrics.Share(Ms(analyze), total));
        Metrics.Line("  of which parse alone (separate run)", Metrics.Share(Ms(parse), total));
        Metrics.Line("  of which expanders", Metrics.Share(Ms(expandTicks), total));
        for (var i = 0; i < expanders.Count; i++)
        {
            Metrics.Line("    " + expanders[i].Name, Metrics.Share(Ms(expanderTicks[i]), total));
        }

        Metrics.Line("  rest: names + type detection", Metrics.Share(Ms(analyze) - Ms(parse) - Ms(expandTicks), total));
        Metrics.Line("policy", Metrics.Share(Ms(policy), total));
        Metrics.Line("JSON output", Metrics.Share(Ms(output), total));
        Metrics.Line("total", Metrics.Share(total, total));
        Metrics.Line("file open+read (CLI's FileStream)", Metrics.Ms(Ms(read)));
        Metrics.Machine("phase_analyze_ms", Ms(analyze));
        Metrics.Machine("phase_parse_ms", Ms(parse));
        Metrics.Machine("phase_expand_ms", Ms(expandTicks));
        Metrics.Machine("phase_policy_ms", Ms(policy));
        Metrics.Machine("phase_output_ms", Ms(output));
        Metrics.Machine("phase_read_ms", Ms(read));

        slowest.Sort((a, b) => b.Ms.CompareTo(a.Ms));
        Console.Out.WriteLine("slowest messages in the last pass (analyze+policy+output):");
        for (var i = 0; i < Math.Min(5, slowest.Count); i++)
        {
            Metrics.Line(Path.GetFileName(slowest[i].Path), Metrics.Ms(slowest[i].Ms));
        }
    }
}
