using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Scanners.Clamd;

namespace Vigil.Bench.Load;

/// <summary>
/// `load TARGET DIR...`: sends a fixed set of corpus messages to an SMTP server (Vigil's gateway,
/// amavisd-new) or straight to clamd (INSTREAM: the ceiling, by default the same requests Vigil's
/// default clamd mode sends for each message, see <see cref="ClamdRequestPlan"/>) with N sessions in flight taking
/// messages from one shared queue, and prints msg/s, per-message latency (p50, p99: from taking
/// the message off the queue to the final reply, a new connection's set-up included) and, for
/// each watched process, peak RSS and CPU time per message. One `result` line per level for
/// bench/gateway.sh.
/// </summary>
public static class LoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: Vigil.Bench load smtp:HOST:PORT|clamd:ADDR DIR... [--sessions 1,10,100] [--count N] [--per-session M] [--warmup W] [--recipient ADDR] [--watch NAME:PID]... [--label L] [--requests vigil|raw]");
            return 2;
        }

        var target = args[1];
        var dirs = new List<string>();
        var watches = new List<ProcessWatch>();
        var sessions = "1,10,100";
        var count = 500;
        var perSession = 20;
        var recipient = "alice@example.test";
        var label = target;
        var warmup = 100;
        var requests = "vigil";
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sessions": sessions = args[++i]; break;
                case "--count": count = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--per-session": perSession = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--recipient": recipient = args[++i]; break;
                case "--label": label = args[++i]; break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--requests": requests = args[++i]; break;
                case "--watch":
                    var w = args[++i].Split(':', 2);
                    watches.Add(new ProcessWatch(w[0], int.Parse(w[1], CultureInfo.InvariantCulture)));
                    break;
                default: dirs.Add(args[i]); break;
            }
        }

        var corpus = LoadCorpus.Read(dirs);
        if (corpus.Count == 0)
        {
            Console.Error.WriteLine("load: no messages under " + string.Join(' ', dirs));
            return 2;
        }

        if (requests is not ("vigil" or "raw"))
        {
            Console.Error.WriteLine("load: --requests is vigil (what Vigil's default clamd mode sends, the default) or raw (the raw message alone)");
            return 2;
        }

        // An evenly spread sample of the corpus, the same for every target given the same count.
        var picks = Enumerable.Range(0, count).Select(i => (int)((long)i * corpus.Count / count % corpus.Count)).ToArray();
        var (connect, planned) = await ConnectorAsync(target, corpus, perSession, recipient, requests == "vigil" ? picks : null);
        if (connect is null)
        {
            return 2;
        }

        if (planned > 0)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"load {label}: the requests Vigil's default clamd mode sends: {planned} for {count} messages ({(double)planned / count:0.00} per message)"));
        }
        var bytes = picks.Sum(p => (long)corpus.Raw[p].Length);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load {label}: {count} of {corpus.Count} messages ({bytes / 1e6:0.0} MB, {corpus.Skipped} skipped), {perSession} per SMTP session, load {File.ReadAllText("/proc/loadavg").Trim()}"));
        if (warmup > 0)
        {
            // not counted: the client's JIT, the server's first connections, caches
            await PassAsync(connect, picks[..Math.Min(warmup, picks.Length)], 10);
        }

        foreach (var level in sessions.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            foreach (var w in watches)
            {
                w.Start();
            }

            var cpu0 = Environment.CpuUsage.TotalTime;
            var (seconds, latencies, outcomes) = await PassAsync(connect, picks, level);
            var clientCpuMs = (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds;
            Report(label, level, count, seconds, latencies, outcomes, watches, clientCpuMs);
        }

        return 0;
    }

    /// <param name="plan">The messages to find Vigil's clamd requests for (clamd targets); null: the raw message alone.</param>
    private static async Task<(Func<ILoadConnection>? Connect, int Planned)> ConnectorAsync(string target, LoadCorpus corpus, int perSession, string recipient, int[]? plan)
    {
        if (target.StartsWith("smtp:", StringComparison.Ordinal) && IPEndPoint.TryParse(target[5..], out var smtp))
        {
            return (() => new SmtpLoadConnection(smtp, corpus, perSession, recipient), 0);
        }

        if (target.StartsWith("clamd:", StringComparison.Ordinal) && ClamdAddress.TryParse(target[6..], out var address, out _))
        {
            EndPoint endpoint = address!.SocketPath is { } path ? new UnixDomainSocketEndPoint(path)
                : new IPEndPoint(IPAddress.Parse(address.Host!), address.Port);
            if (plan is null)
            {
                return (() => new ClamdLoadConnection(endpoint, corpus), 0);
            }

            var requests = await ClamdRequestPlan.BuildAsync(corpus, address, plan);
            return (() => new ClamdLoadConnection(endpoint, corpus, requests), plan.Sum(i => requests[i].Length));
        }

        Console.Error.WriteLine($"load: target {target}: expected smtp:HOST:PORT or clamd:unix:PATH|clamd:tcp:HOST:PORT");
        return (null, 0);
    }

    private static async Task<(double Seconds, double[] LatencyMs, LoadOutcome[] Outcomes)> PassAsync(Func<ILoadConnection> connect, int[] picks, int inFlight)
    {
        var latencies = new double[picks.Length];
        var outcomes = new LoadOutcome[picks.Length];
        var next = -1;
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            await using var connection = connect();
            int i;
            while ((i = Interlocked.Increment(ref next)) < picks.Length)
            {
                var t0 = Stopwatch.GetTimestamp();
                outcomes[i] = await connection.SendAsync(picks[i], bound.Token);
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, latencies, outcomes);
    }

    private static void Report(string label, int level, int count, double seconds, double[] latencies, LoadOutcome[] outcomes, List<ProcessWatch> watches, double clientCpuMs)
    {
        Array.Sort(latencies);
        var p50 = latencies[(latencies.Length - 1) / 2];
        var mean = latencies.Average();
        var p99 = latencies[(int)Math.Ceiling(0.99 * latencies.Length) - 1];
        var classes = outcomes.GroupBy(o => o.Class).ToDictionary(g => g.Key, g => g.Count());
        var line = string.Create(CultureInfo.InvariantCulture,
            $"result {label} sessions={level} messages={count} seconds={seconds:0.000} msgs_per_s={count / seconds:0.0} mean_ms={mean:0.0} p50_ms={p50:0.0} p99_ms={p99:0.0} ok={classes.GetValueOrDefault("2xx")} tempfail={classes.GetValueOrDefault("4xx")} reject={classes.GetValueOrDefault("5xx")} broken={classes.GetValueOrDefault("broken")} client_cpu_ms_per_msg={clientCpuMs / count:0.00}");
        foreach (var w in watches)
        {
            var (peakMb, cpuMs) = w.Stop();
            line += string.Create(CultureInfo.InvariantCulture, $" {w.Name}_peak_mb={peakMb:0.0} {w.Name}_cpu_ms_per_msg={cpuMs / count:0.00}");
        }

        Console.Out.WriteLine(line);
        foreach (var odd in outcomes.Where(o => o.Code is not (>= 200 and < 300)).GroupBy(o => o.Code + " " + Trim(o.Text)).Take(5))
        {
            Console.Out.WriteLine($"  {odd.Count()} x {odd.Key}");
        }
    }

    private static string Trim(string text) => text.Length > 120 ? text[..120] : text;
}
