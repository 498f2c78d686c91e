using System.Globalization;

namespace Vigil.Bench.Load;

/// <summary>
/// One target's figures at one level, summed over the blocks it ran (one block when the targets
/// are not interleaved): time, each message's latency and outcome, each watched process's CPU and
/// its highest peak RSS of any block, and the load tool's own CPU.
/// </summary>
public sealed class LoadTally(string label, int level)
{
    private readonly List<double> _latencies = [];
    private readonly List<LoadOutcome> _outcomes = [];
    private readonly Dictionary<string, (double PeakMb, double CpuMs, double SysMs)> _watched = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private double _seconds;
    private double _clientCpuMs;

    public string Label { get; } = label;

    public void Add(double seconds, double[] latencies, LoadOutcome[] outcomes, double clientCpuMs)
    {
        _seconds += seconds;
        _latencies.AddRange(latencies);
        _outcomes.AddRange(outcomes);
        _clientCpuMs += clientCpuMs;
    }

    public void AddWatch(string name, double peakMb, double cpuMs, double sysMs)
    {
        if (!_watched.TryGetValue(name, out var sum))
        {
            _order.Add(name);
        }

        _watched[name] = (Math.Max(sum.PeakMb, peakMb), sum.CpuMs + cpuMs, sum.SysMs + sysMs);
    }

    /// <summary>The `result` line bench/load-table.awk reads, and up to five kinds of reply that were not 2xx.</summary>
    public void Report(TextWriter output)
    {
        var count = _latencies.Count;
        var sorted = _latencies.Order().ToArray();
        var p50 = sorted[(count - 1) / 2];
        var p99 = sorted[(int)Math.Ceiling(0.99 * count) - 1];
        var classes = _outcomes.GroupBy(o => o.Class).ToDictionary(g => g.Key, g => g.Count());
        var line = string.Create(CultureInfo.InvariantCulture,
            $"result {Label} sessions={level} messages={count} seconds={_seconds:0.000} msgs_per_s={count / _seconds:0.0} mean_ms={sorted.Average():0.0} p50_ms={p50:0.0} p99_ms={p99:0.0} ok={classes.GetValueOrDefault("2xx")} tempfail={classes.GetValueOrDefault("4xx")} reject={classes.GetValueOrDefault("5xx")} broken={classes.GetValueOrDefault("broken")} client_cpu_ms_per_msg={_clientCpuMs / count:0.00}");
        foreach (var name in _order)
        {
            var (peakMb, cpuMs, sysMs) = _watched[name];
            line += string.Create(CultureInfo.InvariantCulture, $" {name}_peak_mb={peakMb:0.0} {name}_cpu_ms_per_msg={cpuMs / count:0.00} {name}_sys_ms_per_msg={sysMs / count:0.00}");
        }

        output.WriteLine(line);
        foreach (var odd in _outcomes.Where(o => o.Code is not (>= 200 and < 300)).GroupBy(o => o.Code + " " + Trim(o.Text)).Take(5))
        {
            output.WriteLine($"  {odd.Count()} x {odd.Key}");
        }
    }

    private static string Trim(string text) => text.Length > 120 ? text[..120] : text;
}
