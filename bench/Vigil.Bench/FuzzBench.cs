using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Judging;
using Vigil.Engine.Policy;
using Vigil.Engine.Tests.Fuzz;
using Vigil.Mime.Limits;

namespace Vigil.Bench;

/// <summary>
/// The long fuzz run of issue 10: the CI fuzz families (their generators are linked from
/// tests/Vigil.Engine.Tests/Fuzz), bigger and many more cases, through the whole judge with the
/// default limits. Each case is written to a file and judged from it, as `vigil scan` reads, after
/// a full collection and a reset of the process's peak RSS (/proc/self/clear_refs), so the peak
/// read afterwards (VmHWM) belongs to that case alone. Prints the rate of the slowest case, the
/// highest peak RSS, and the cases that broke a bound.
/// </summary>
public static class FuzzBench
{
    /// <summary>The goals of issue 10.</summary>
    private const double MinMegabytesPerSecond = 10;

    private const double MaxPeakMegabytes = 150;

    /// <summary>Below this size a case's time is start-up cost, not rate: such cases report milliseconds.</summary>
    private const int RateFloorBytes = 1024 * 1024;

    private static readonly string[] AllFamilies = ["sweep", "flipped", "floods", "shapes", "nesting", "archives", "mutations"];

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = IntOption(args, "--cases", 200);
        var seed = IntOption(args, "--seed", 0x10b0d);
        var lineBytes = IntOption(args, "--line-kb", 3 * 1024) * 1024;
        var families = StringOption(args, "--family") is { } only ? only.Split(',') : AllFamilies;
        var scratch = Directory.CreateTempSubdirectory("vigil-fuzz-bench-").FullName;
        var judge = new MessageJudge(new MessageAnalyzer(AnalysisLimits.Default, null, scratch), new PolicyProvider((string?)null));
        var canResetPeak = ResetPeak();
        Console.Out.WriteLine($"fuzz: families {string.Join(',', families)}, {cases} cases each (sweep: all {FlippedFloods.SweepCount} x CRLF/LF), seed {seed}, lines up to {lineBytes / 1024} KB, per-case peak RSS {(canResetPeak ? "yes" : "no (clear_refs not writable): whole-run peak")}");

        var results = new List<CaseResult>();
        try
        {
            foreach (var family in families)
            {
                var count = family == "sweep" ? FlippedFloods.SweepCount * 2 : cases;
                for (var i = 0; i < count; i++)
                {
                    var fuzzCase = Make(family, seed, i, lineBytes);
                    results.Add(await RunCaseAsync(judge, family, i, fuzzCase, scratch));
                }

                Summarise(family, results.Where(r => r.Family == family).ToList());
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        Console.Out.WriteLine("all families:");
        return Summarise("all", results) ? 0 : 1;
    }

    private static FuzzCase Make(string family, int seed, int index, int lineBytes)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        return family switch
        {
            "sweep" => FlippedFloods.Swept(index / 2, lineBytes, crlf: index % 2 == 0),
            "flipped" => FlippedFloods.Generate(random, lineBytes),
            "floods" => ParameterFloods.Generate(random),
            "shapes" => HostileShapes.Generate(random),
            "nesting" => DeepNesting.Generate(random),
            "archives" => DamagedArchives.Generate(random),
            "mutations" => Mutated(random),
            _ => throw new ArgumentException("unknown family " + family),
        };
    }

    /// <summary>2 to 5 mutations of a corpus mail, as the CI's "combined" family draws them.</summary>
    private static FuzzCase Mutated(Random random)
    {
        var source = FuzzSeeds.Pick(random);
        var log = new StringBuilder(source.Name).Append(':');
        var output = source.Bytes;
        for (var i = 2 + random.Next(4); i > 0; i--)
        {
            output = random.Next(7) switch
            {
                0 => Mutations.FlipBits(output, random, log),
                1 => Mutations.InsertBytes(output, random, log),
                2 => Mutations.DeleteRange(output, random, log),
                3 => Mutations.DuplicateBoundaryLine(output, random, log),
                4 => Mutations.DuplicateHeaderLine(output, random, log),
                5 => Mutations.Splice(output, FuzzSeeds.Pick(random), random, log),
                _ => Mutations.Truncate(output, random, log),
            };
        }

        return new FuzzCase(output, log.ToString());
    }

    private static async Task<CaseResult> RunCaseAsync(MessageJudge judge, string family, int index, FuzzCase fuzzCase, string scratch)
    {
        var file = Path.Combine(scratch, "case.eml");
        await File.WriteAllBytesAsync(file, fuzzCase.Bytes);
        var size = fuzzCase.Bytes.Length;
        var description = fuzzCase.Description;
        fuzzCase = null!;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ResetPeak();

        var problems = new List<string>();
        var start = Stopwatch.GetTimestamp();
        var limits = "";
        try
        {
            await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var judgement = await judge.JudgeAsync(input);
            limits = string.Join(',', judgement.Analysis?.LimitHits.Select(h => h.Limit).Distinct() ?? []);
            problems.AddRange(judgement.Verdict.Findings.Where(f => f.Category == Vigil.Engine.Verdicts.FindingCategory.Error).Select(f => $"error finding {f.Rule}: {f.Detail}"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add("threw " + e.GetType().Name + ": " + e.Message);
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var peak = PeakMegabytes();
        File.Delete(file);
        return new CaseResult(family, index, description, size, seconds, peak, limits, problems);
    }

    /// <summary>Prints a family's figures; false when a case broke a goal.</summary>
    private static bool Summarise(string family, List<CaseResult> results)
    {
        var big = results.Where(r => r.Bytes >= RateFloorBytes).ToList();
        var slowest = big.OrderBy(r => r.MegabytesPerSecond).FirstOrDefault();
        var slowestSmall = results.Where(r => r.Bytes < RateFloorBytes).OrderByDescending(r => r.Seconds).FirstOrDefault();
        var fattest = results.OrderByDescending(r => r.PeakMegabytes).First();
        var slow = big.Where(r => r.MegabytesPerSecond < MinMegabytesPerSecond).ToList();
        var fat = results.Where(r => r.PeakMegabytes > MaxPeakMegabytes).ToList();
        var broken = results.Where(r => r.Problems.Count > 0).ToList();
        var timeHits = results.Count(r => r.Limits.Contains(LimitNames.AnalysisTime, StringComparison.Ordinal));

        Metrics.Line($"{family}: cases", $"{results.Count} ({big.Count} of 1 MB or more), {results.Sum(r => (long)r.Bytes) / 1048576.0:0.0} MB, {results.Sum(r => r.Seconds):0.0} s");
        if (slowest is not null)
        {
            Metrics.Line($"{family}: slowest MB/s (>= 1 MB)", $"{slowest.MegabytesPerSecond:0.0} MB/s ({slowest.Seconds:0.000} s for {slowest.Bytes / 1048576.0:0.0} MB): {slowest.Describe()}");
        }

        if (slowestSmall is not null)
        {
            Metrics.Line($"{family}: slowest case under 1 MB", $"{slowestSmall.Seconds * 1000:0.0} ms: {slowestSmall.Describe()}");
        }

        Metrics.Line($"{family}: highest peak RSS", $"{fattest.PeakMegabytes:0.0} MB: {fattest.Describe()}");
        Metrics.Line($"{family}: cases that hit analysis-time", timeHits.ToString(CultureInfo.InvariantCulture));
        foreach (var r in slow.Concat(fat).Concat(broken).Distinct().Take(10))
        {
            Metrics.Line($"{family}: OVER A BOUND", $"{r.MegabytesPerSecond:0.0} MB/s, {r.PeakMegabytes:0.0} MB {string.Join("; ", r.Problems)}: {r.Describe()}");
        }

        var prefix = family == "all" ? "fuzz" : "fuzz_" + family;
        Metrics.Machine(prefix + "_cases", results.Count);
        Metrics.Machine(prefix + "_slowest_mb_per_s", slowest?.MegabytesPerSecond ?? double.NaN);
        Metrics.Machine(prefix + "_peak_rss_mb", fattest.PeakMegabytes);
        Metrics.Machine(prefix + "_over_bound", slow.Count + fat.Count + broken.Count);
        return slow.Count + fat.Count + broken.Count == 0;
    }

    /// <summary>Resets VmHWM to the current RSS (Linux: "5" to clear_refs); false when not allowed.</summary>
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double PeakMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? StringOption(string[] args, string name)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    private sealed record CaseResult(string Family, int Index, string Description, int Bytes, double Seconds, double PeakMegabytes, string Limits, List<string> Problems)
    {
        public double MegabytesPerSecond => Bytes / 1048576.0 / Math.Max(Seconds, 1e-6);

        public string Describe() => $"{Family} #{Index} [{Limits}] {(Description.Length > 160 ? Description[..160] + "..." : Description)}";
    }
}
