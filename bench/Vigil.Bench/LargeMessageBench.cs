using System.Diagnostics;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Judging;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;

namespace Vigil.Bench;

/// <summary>MB/s of message for one big message read from disk the way `vigil scan` reads it.</summary>
public static class LargeMessageBench
{
    public static async Task<int> RunAsync(string file, int warmup, int iterations)
    {
        var size = new FileInfo(file).Length;
        var megabytes = size / 1048576.0;
        var scanner = new MessageJudge(new MessageAnalyzer(), new PolicyProvider(controlDirectory: null));
        Console.Out.WriteLine($"large: {file}, {megabytes:0.0} MB");

        for (var i = 0; i < warmup; i++)
        {
            await ScanOnceAsync(scanner, file, report: false);
        }

        var scan = new double[Math.Max(1, iterations)];
        var parse = new double[scan.Length];
        long allocated = 0;
        var collections = new int[3];
        for (var i = 0; i < scan.Length; i++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var gcBefore = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
            var start = Stopwatch.GetTimestamp();
            await ScanOnceAsync(scanner, file, report: i == 0);
            scan[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            for (var g = 0; g < 3; g++)
            {
                collections[g] += GC.CollectionCount(g) - gcBefore[g];
            }

            start = Stopwatch.GetTimestamp();
            ParseOnce(file);
            parse[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(scan);
        Array.Sort(parse);
        var scanMedian = scan[scan.Length / 2];
        var parseMedian = parse[parse.Length / 2];
        Metrics.Line("engine scan, median", $"{Metrics.Ms(scanMedian)}  ({scan.Length} runs, best {scan[0]:0.0} ms)");
        Metrics.Line("engine MB/s of message (median)", $"{megabytes / (scanMedian / 1000),10:0.0}");
        Metrics.Line("allocated per engine scan", $"{allocated / (double)scan.Length / 1048576.0,10:0.0} MB");
        Metrics.Line("GCs per engine scan (gen0/1/2)", $"{collections[0] / (double)scan.Length:0.0} / {collections[1] / (double)scan.Length:0.0} / {collections[2] / (double)scan.Length:0.0}");
        Metrics.Line("parse+decode alone, median", Metrics.Ms(parseMedian));
        Metrics.Line("parse+decode MB/s (median)", $"{megabytes / (parseMedian / 1000),10:0.0}");
        Metrics.Line("peak working set of this process", $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,10:0.0} MB");
        Metrics.Machine("engine_ms", scanMedian);
        Metrics.Machine("engine_mb_per_s", megabytes / (scanMedian / 1000));
        Metrics.Machine("parse_mb_per_s", megabytes / (parseMedian / 1000));
        return 0;
    }

    private static FileStream Open(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

    private static async Task ScanOnceAsync(MessageJudge scanner, string file, bool report)
    {
        using var input = Open(file);
        using var result = await scanner.JudgeAsync(input);
        if (report)
        {
            var parts = 0;
            foreach (var unused in result.Analysis?.Entities ?? [])
            {
                parts++;
            }

            Metrics.Line("verdict", $"{result.Verdict.Word} ({result.Verdict.Findings.Count} findings, {parts} entities, {result.Analysis?.LimitHits.Count ?? 0} limit hits)");
        }
    }

    private static void ParseOnce(string file)
    {
        using var context = new AnalysisContext(AnalysisLimits.Default);
        using var input = Open(file);
        var root = MimeParser.Parse(input, context);
        foreach (var e in root.DescendantsAndSelf())
        {
            e.Content?.Dispose();
        }
    }
}
