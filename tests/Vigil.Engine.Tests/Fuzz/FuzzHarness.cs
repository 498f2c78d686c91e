using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Limits;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// Runs generated mails through the whole scanner and checks what must hold for any input: no
/// exception (thrown or turned into an `error` verdict), a defined verdict, no hang past the time
/// limit, and no temp file left once the result is disposed. The scanner gets a private scratch
/// root and a 4 KB spool threshold, so decoded content of most parts goes to disk and back.
/// </summary>
internal sealed class FuzzHarness : IDisposable
{
    /// <summary>The analysis' own limit; the hang bound adds slack for a busy machine.</summary>
    public static readonly TimeSpan MaxAnalysisTime = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for one scan before calling it a hang (the scan thread is then abandoned).</summary>
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(60);

    private const int MaxReportedFailures = 10;

    private readonly MessageJudge _scanner;
    private readonly CapturingLogger _logger = new();
    private readonly List<string> _failures = [];

    public FuzzHarness()
    {
        ScratchRoot = Directory.CreateTempSubdirectory("vigil-fuzz-").FullName;
        var limits = new AnalysisLimits { MaxAnalysisTime = MaxAnalysisTime, SpoolMemoryThreshold = 4 * 1024 };
        _scanner = new MessageJudge(new MessageAnalyzer(limits, null, ScratchRoot), new PolicyProvider((string?)null), _logger);
    }

    public string ScratchRoot { get; }

    public int Cases { get; private set; }

    /// <summary>Cases where some content went to a temp file, to show the disk path was exercised.</summary>
    public int SpooledCases { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>The base seed: VIGIL_FUZZ_SEED when set (to explore), else the test's fixed one (to reproduce).</summary>
    public static int BaseSeed(int fixedSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable("VIGIL_FUZZ_SEED"), out var seed) ? seed : fixedSeed;

    /// <summary>A generator of its own per case, so case N replays from (seed, N) alone.</summary>
    public static Random CaseRandom(int seed, int index) => new(unchecked((seed * 1_000_003) + index));

    /// <summary>Scans one case and records every property it breaks.</summary>
    public void Run(FuzzCase fuzzCase, int seed, int index)
    {
        Cases++;
        _logger.Clear();
        var problems = new List<string>();
        Judgement? result = null;
        try
        {
            var scan = Task.Run(() => _scanner.JudgeAsync(new MemoryStream(fuzzCase.Bytes, writable: false)));
            if (!scan.Wait(HangTimeout))
            {
                problems.Add($"hang: no result after {HangTimeout.TotalSeconds} s");
            }
            else
            {
                result = scan.Result;
            }
        }
        catch (AggregateException e)
        {
            problems.Add("threw " + e.InnerException);
        }

        if (result is not null)
        {
            using (result)
            {
                Check(result, problems);
            }
        }

        if (result is not null && Directory.EnumerateFileSystemEntries(ScratchRoot).Any())
        {
            problems.Add("temp files left after dispose: " + string.Join(", ", Directory.EnumerateFileSystemEntries(ScratchRoot, "*", SearchOption.AllDirectories)));
            ClearScratch();
        }

        if (problems.Count > 0 && _failures.Count < MaxReportedFailures)
        {
            _failures.Add(Describe(fuzzCase, seed, index, problems));
        }
        else if (problems.Count > 0)
        {
            _failures.Add($"seed {seed} case {index}: {string.Join("; ", problems).Split('\n')[0]}");
        }
    }

    /// <summary>Fails with every recorded problem, or passes when there was none.</summary>
    public void AssertNoFailures(string family, int seed)
    {
        Assert.True(_failures.Count == 0, $"{family} (seed {seed}, {Cases} cases, rerun with VIGIL_FUZZ_SEED={seed}): {_failures.Count} failures\n" + string.Join("\n\n", _failures));
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(ScratchRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Check(Judgement result, List<string> problems)
    {
        if (_logger.LastException is { } logged)
        {
            problems.Add("internal fault: " + logged);
        }

        foreach (var f in result.Verdict.Findings)
        {
            if (f.Category == FindingCategory.Error)
            {
                problems.Add($"error finding {f.Rule}: {f.Detail}");
            }

            if (!Enum.IsDefined(f.Category))
            {
                problems.Add($"undefined finding category {(int)f.Category}");
            }
        }

        if (!Enum.IsDefined(result.Verdict.Kind))
        {
            problems.Add($"undefined verdict kind {(int)result.Verdict.Kind}");
        }

        if (result.Analysis is null)
        {
            problems.Add("no analysis");
        }

        if (result.Analysis is not null && result.Analysis.Entities.Any(e => e.Content is { IsOnDisk: true }))
        {
            SpooledCases++;
        }

        // None of these inputs is over a few MB: at the goal of 10 MB/s each ends well inside the
        // budget, so reaching it means some loop is slower than linear (the 31.7 s shape of issue 10).
        if (result.Analysis?.LimitHits.Any(h => h.Limit == LimitNames.AnalysisTime) == true)
        {
            problems.Add($"ran into the {MaxAnalysisTime.TotalSeconds} s analysis-time budget");
        }

        if (result.Elapsed >= MaxAnalysisTime + Slack)
        {
            problems.Add($"took {result.Elapsed.TotalSeconds:0.0} s, past the {MaxAnalysisTime.TotalSeconds} s limit");
        }
    }

    private void ClearScratch()
    {
        foreach (var dir in Directory.EnumerateDirectories(ScratchRoot))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Describe(FuzzCase fuzzCase, int seed, int index, List<string> problems)
    {
        var text = new StringBuilder($"seed {seed} case {index}: {fuzzCase.Description}\n  {string.Join("\n  ", problems)}");
        if (fuzzCase.Bytes.Length <= 4096)
        {
            text.Append("\n  input (base64): ").Append(Convert.ToBase64String(fuzzCase.Bytes));
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"vigil-fuzz-failure-{seed}-{index}.eml");
            File.WriteAllBytes(file, fuzzCase.Bytes);
            text.Append("\n  input saved to ").Append(file);
        }

        return text.ToString();
    }
}
