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
/// default limits. Each case is written to a file and judged from it. With `--vigil PATH` each
/// case is a `PATH scan --json FILE` process of its own under /usr/bin/time, so its CPU time
/// (user + system: the rate's divisor, as wall time on a shared machine measures the neighbours)
/// includes the start (a few ms for the AOT binary) and its peak RSS is that process's alone; without,
/// the judge runs in this process and only the rate is measured (this process also holds the
/// generator's copies of the input, so its RSS says nothing about the judge's).
/// Prints the rate of the slowest case, the highest peak RSS, and the cases that broke a bound.
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
        var vigil = StringOption(args, "--vigil");
        var scratch = Directory.CreateTempSubdirectory("vigil-fuzz-bench-").FullName;
        var judge = new MessageJudge(new MessageAnalyzer(AnalysisLimits.Default, null, scratch), new PolicyProvider((string?)null));
        Console.Out.WriteLine($"fuzz: families {string.Join(',', families)}, {cases} cases each (sweep: all {FlippedFloods.SweepCount} x CRLF/LF), seed {seed}, lines up to {lineBytes / 1024} KB, " +
            (vigil is null ? "judged in this process (rate only)" : $"each case a `{vigil} scan FILE` process (rate with start, peak RSS per process)"));

        var results = new List<CaseResult>();
        try
        {
            foreach (var family in families)
            {
                var count = family == "sweep" ? FlippedFloods.SweepCount * 2 : cases;
                for (var i = 0; i < count; i++)
                {
                    var fuzzCase = Make(family, seed, i, lineBytes);
                    results.Add(vigil is null ? await RunCaseAsync(judge, family, i, fuzzCase, scratch) : await RunProcessCaseAsync(vigil, family, i, fuzzCase, scratch));
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
        var output = Mutations.Combined(source.Bytes, random, log);
        return new FuzzCase(output, log.ToString());
    }

    private static async Task<CaseResult> RunCaseAsync(MessageJudge judge, string family, int index, FuzzCase fuzzCase, string scratch)
    {
        var file = Path.Combine(scratch, "case.eml");
        await File.WriteAllBytesAsync(file, fuzzCase.Bytes);
        var size = fuzzCase.Bytes.Length;
        var description = fuzzCase.Description;
        var problems = new List<string>();
        var start = Process.GetCurrentProcess().TotalProcessorTime;
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

        var seconds = (Process.GetCurrentProcess().TotalProcessorTime - start).TotalSeconds;
        File.Delete(file);
        return new CaseResult(family, index, description, size, seconds, double.NaN, limits, problems);
    }

    /// <summary>One case through the real binary: exit 0 or 1 is a verdict, 2 an error (a problem), anything else a crash.</summary>
    private static async Task<CaseResult> RunProcessCaseAsync(string vigil, string family, int index, FuzzCase fuzzCase, string scratch)
    {
        var file = Path.Combine(scratch, "case.eml");
        await File.WriteAllBytesAsync(file, fuzzCase.Bytes);
        var rusage = Path.Combine(scratch, "time");
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-f", "%M %U %S", "-o", rusage, vigil, "scan", "--json", file })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var seconds = double.NaN;
        var output = await stderr + await stdout;
        var problems = new List<string>();
        if (p.ExitCode is not (0 or 1))
        {
            problems.Add($"exit {p.ExitCode}: {(output.Length > 300 ? output[..300] : output).ReplaceLineEndings(" ")}");
        }

        // The rate is taken from the process's CPU time, not its wall time: on the shared machine
        // other builds take the cores, and a wall-clock rate would measure them.
        var peak = double.NaN;
        var lines = File.ReadAllLines(rusage);
        var fields = lines.Length > 0 ? lines[^1].Split(' ') : [];
        if (fields.Length == 3 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
        {
            peak = kilobytes / 1024.0;
            seconds = double.Parse(fields[1], CultureInfo.InvariantCulture) + double.Parse(fields[2], CultureInfo.InvariantCulture);
        }

        var limits = string.Join(',', System.Text.RegularExpressions.Regex.Matches(output, @"limits:([a-z-]+)").Select(m => m.Groups[1].Value).Distinct());
        File.Delete(file);
        return new CaseResult(family, index, fuzzCase.Description, fuzzCase.Bytes.Length, seconds, peak, limits, problems);
    }

    /// <summary>Prints a family's figures; false when a case broke a goal.</summary>
    private static bool Summarise(string family, List<CaseResult> results)
    {
        var big = results.Where(r => r.Bytes >= RateFloorBytes).ToList();
        var slowest = big.OrderBy(r => r.MegabytesPerSecond).FirstOrDefault();
        var slowestSmall = results.Where(r => r.Bytes < RateFloorBytes).OrderByDescending(r => r.Seconds).FirstOrDefault();
        var fattest = results.Where(r => !double.IsNaN(r.PeakMegabytes)).OrderByDescending(r => r.PeakMegabytes).FirstOrDefault();
        var slow = big.Where(r => r.MegabytesPerSecond < MinMegabytesPerSecond).ToList();
        var fat = results.Where(r => r.PeakMegabytes > MaxPeakMegabytes).ToList();
        var broken = results.Where(r => r.Problems.Count > 0).ToList();
        var timeHits = results.Count(r => r.Limits.Contains(LimitNames.AnalysisTime, StringComparison.Ordinal));

        Metrics.Line($"{family}: cases", $"{results.Count} ({big.Count} of 1 MB or more), {results.Sum(r => (long)r.Bytes) / 1048576.0:0.0} MB, {results.Sum(r => r.Seconds):0.0} s CPU");
        if (slowest is not null)
        {
            Metrics.Line($"{family}: slowest MB/s (>= 1 MB)", $"{slowest.MegabytesPerSecond:0.0} MB/s ({slowest.Seconds:0.000} s CPU for {slowest.Bytes / 1048576.0:0.0} MB): {slowest.Describe()}");
        }

        if (slowestSmall is not null)
        {
            Metrics.Line($"{family}: slowest case under 1 MB", $"{slowestSmall.Seconds * 1000:0.0} ms CPU: {slowestSmall.Describe()}");
        }

        if (fattest is not null)
        {
            Metrics.Line($"{family}: highest peak RSS", $"{fattest.PeakMegabytes:0.0} MB: {fattest.Describe()}");
        }

        Metrics.Line($"{family}: cases that hit analysis-time", timeHits.ToString(CultureInfo.InvariantCulture));
        foreach (var r in slow.Concat(fat).Concat(broken).Distinct().Take(10))
        {
            Metrics.Line($"{family}: OVER A BOUND", $"{r.MegabytesPerSecond:0.0} MB/s, {r.PeakMegabytes:0.0} MB {string.Join("; ", r.Problems)}: {r.Describe()}");
        }

        var prefix = family == "all" ? "fuzz" : "fuzz_" + family;
        Metrics.Machine(prefix + "_cases", results.Count);
        Metrics.Machine(prefix + "_slowest_mb_per_s", slowest?.MegabytesPerSecond ?? double.NaN);
        Metrics.Machine(prefix + "_peak_rss_mb", fattest?.PeakMegabytes ?? double.NaN);
        Metrics.Machine(prefix + "_over_bound", slow.Count + fat.Count + broken.Count);
        return slow.Count + fat.Count + broken.Count == 0;
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
