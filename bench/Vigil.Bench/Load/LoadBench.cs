using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Scanners.Clamd;

namespace Vigil.Bench.Load;

/// <summary>
/// `load TARGET... DIR...`: sends a fixed set of corpus messages to an SMTP server (Vigil's gateway,
/// amavisd-new) or straight to clamd (INSTREAM: the ceiling, by default the same requests Vigil's
/// default clamd mode sends for each message, see <see cref="ClamdRequestPlan"/>) with N sessions in flight taking
/// messages from one shared queue, and prints msg/s, per-message latency (p50, p99: from taking
/// the message off the queue to the final reply, a new connection's set-up included) and, for
/// each watched process, peak RSS and CPU time per message. One `result` line per target and level
/// for bench/gateway.sh.
/// With several targets and `--blocks K` the level's messages are cut into K slices and the
/// targets take turns slice by slice (A B, B A, A B...): on a shared machine whose speed drifts by
/// the minute, each pair of blocks a few seconds apart meets the same drift, so the ratio of the
/// first target's msg/s to each other's in the same slice (a `pair` line: the median and spread of
/// the K ratios) is steadier than the ratio of two runs minutes apart. Sessions stay open from one
/// block to the next, so a target with fewer places than sessions (amavisd-new's four children) is
/// sent with one block.
/// </summary>
public static class LoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: Vigil.Bench load (smtp:HOST:PORT|clamd:ADDR|clamd-session:ADDR)... DIR... [--sessions 1,10,100] [--count N] [--per-session M] [--warmup W] [--recipient ADDR] [--watch NAME:PID]... [--label L[,L2...]] [--requests vigil|raw] [--blocks K]");
            return 2;
        }

        var targets = new List<string>();
        var dirs = new List<string>();
        var watches = new List<ProcessWatch>();
        var sessions = "1,10,100";
        var count = 500;
        var perSession = 20;
        var recipient = "alice@example.test";
        string[]? labels = null;
        var warmup = 100;
        var requests = "vigil";
        var blocks = 1;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sessions": sessions = args[++i]; break;
                case "--count": count = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--per-session": perSession = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--recipient": recipient = args[++i]; break;
                case "--label": labels = args[++i].Split(','); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--requests": requests = args[++i]; break;
                case "--blocks": blocks = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--watch":
                    var w = args[++i].Split(':', 2);
                    watches.Add(new ProcessWatch(w[0], int.Parse(w[1], CultureInfo.InvariantCulture)));
                    break;
                case var t when t.StartsWith("smtp:", StringComparison.Ordinal) || t.StartsWith("clamd:", StringComparison.Ordinal) || t.StartsWith("clamd-session:", StringComparison.Ordinal):
                    targets.Add(t);
                    break;
                default: dirs.Add(args[i]); break;
            }
        }

        labels ??= [.. targets];
        if (targets.Count == 0 || labels.Length != targets.Count || blocks < 1 || blocks > count)
        {
            Console.Error.WriteLine("load: one or more targets, as many labels (--label a,b), and 1 <= --blocks <= --count");
            return 2;
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
        var connects = new Func<ILoadConnection>[targets.Count];
        for (var t = 0; t < targets.Count; t++)
        {
            var (connect, planned) = await ConnectorAsync(targets[t], corpus, perSession, recipient, requests == "vigil" ? picks : null);
            if (connect is null)
            {
                return 2;
            }

            connects[t] = connect;
            if (planned > 0)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"load {labels[t]}: the requests Vigil's default clamd mode sends: {planned} for {count} messages ({(double)planned / count:0.00} per message)"));
            }
        }

        var bytes = picks.Sum(p => (long)corpus.Raw[p].Length);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load {string.Join(',', labels)}: {count} of {corpus.Count} messages ({bytes / 1e6:0.0} MB, {corpus.Skipped} skipped), {perSession} per SMTP session, {blocks} block(s) per level, load {File.ReadAllText("/proc/loadavg").Trim()}"));
        if (warmup > 0)
        {
            foreach (var connect in connects)
            {
                // not counted: the client's JIT, the server's first connections, caches
                var warm = Open(connect, 10);
                await PassAsync(warm, picks[..Math.Min(warmup, picks.Length)], last: true);
            }
        }

        foreach (var level in sessions.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var tallies = labels.Select(l => new LoadTally(l, level)).ToArray();
            var rates = new double[targets.Count, blocks];
            var open = connects.Select(c => Open(c, level)).ToArray();
            for (var b = 0; b < blocks; b++)
            {
                var slice = picks[(int)((long)b * count / blocks)..(int)((long)(b + 1) * count / blocks)];
                for (var k = 0; k < targets.Count; k++)
                {
                    // Every other block in reverse order: neither target always runs first after the other.
                    var t = b % 2 == 0 ? k : targets.Count - 1 - k;
                    rates[t, b] = slice.Length / await TimedPassAsync(open[t], slice, last: b == blocks - 1, watches, tallies[t]);
                }
            }

            foreach (var tally in tallies)
            {
                tally.Report(Console.Out);
            }

            for (var t = 1; t < targets.Count && blocks > 1; t++)
            {
                var ratios = Enumerable.Range(0, blocks).Select(b => rates[0, b] / rates[t, b]).Order().ToArray();
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pair {labels[0]}/{labels[t]} sessions={level} blocks={blocks} median={ratios[(blocks - 1) / 2]:0.000} lo={ratios[0]:0.000} hi={ratios[^1]:0.000} ratios={string.Join(',', ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))}"));
            }
        }

        return 0;
    }

    /// <summary>One pass of <paramref name="slice"/> with the watches around it, added to <paramref name="tally"/>; its seconds.</summary>
    private static async Task<double> TimedPassAsync(ILoadConnection[] connections, int[] slice, bool last, List<ProcessWatch> watches, LoadTally tally)
    {
        foreach (var w in watches)
        {
            w.Start();
        }

        var cpu0 = Environment.CpuUsage.TotalTime;
        var (seconds, latencies, outcomes) = await PassAsync(connections, slice, last);
        tally.Add(seconds, latencies, outcomes, (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds);
        foreach (var w in watches)
        {
            var (peakMb, cpuMs, sysMs) = w.Stop();
            tally.AddWatch(w.Name, peakMb, cpuMs, sysMs);
        }

        return seconds;
    }

    /// <param name="plan">The messages to find Vigil's clamd requests for (clamd targets); null: the raw message alone.</param>
    private static async Task<(Func<ILoadConnection>? Connect, int Planned)> ConnectorAsync(string target, LoadCorpus corpus, int perSession, string recipient, int[]? plan)
    {
        if (target.StartsWith("smtp:", StringComparison.Ordinal) && IPEndPoint.TryParse(target[5..], out var smtp))
        {
            return (() => new SmtpLoadConnection(smtp, corpus, perSession, recipient), 0);
        }

        // clamd-session: the same requests over at most ten kept-open zIDSESSION connections
        var kept = target.StartsWith("clamd-session:", StringComparison.Ordinal);
        var at = kept ? "clamd-session:".Length : "clamd:".Length;
        if ((kept || target.StartsWith("clamd:", StringComparison.Ordinal)) && ClamdAddress.TryParse(target[at..], out var address, out _))
        {
            EndPoint endpoint = address!.SocketPath is { } path ? new UnixDomainSocketEndPoint(path)
                : new IPEndPoint(IPAddress.Parse(address.Host!), address.Port);
            var share = kept ? new ClamdSessionShare() : null;
            if (plan is null)
            {
                return (() => new ClamdLoadConnection(endpoint, corpus, sessions: share), 0);
            }

            var requests = await ClamdRequestPlan.BuildAsync(corpus, address, plan);
            return (() => new ClamdLoadConnection(endpoint, corpus, requests, share), plan.Sum(i => requests[i].Length));
        }

        Console.Error.WriteLine($"load: target {target}: expected smtp:HOST:PORT or clamd[-session]:unix:PATH|clamd[-session]:tcp:HOST:PORT");
        return (null, 0);
    }

    /// <summary>One pass over <paramref name="picks"/> with a worker per connection, all taking from one queue.</summary>
    /// <param name="last">The connections' last pass: each is closed as soon as its worker finds the queue
    /// empty, so a server with fewer places than sessions (amavisd's pre-forked children) takes the
    /// sessions still waiting for its greeting instead of having every place held by finished ones.</param>
    private static async Task<(double Seconds, double[] LatencyMs, LoadOutcome[] Outcomes)> PassAsync(ILoadConnection[] connections, int[] picks, bool last)
    {
        var latencies = new double[picks.Length];
        var outcomes = new LoadOutcome[picks.Length];
        var next = -1;
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var start = Stopwatch.GetTimestamp();
        var workers = connections.Select(connection => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < picks.Length)
            {
                var t0 = Stopwatch.GetTimestamp();
                outcomes[i] = await connection.SendAsync(picks[i], bound.Token);
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }

            if (last)
            {
                await connection.DisposeAsync();
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, latencies, outcomes);
    }

    /// <summary>
    /// <paramref name="inFlight"/> connections of one target, kept for the whole level: an SMTP
    /// session goes on from one block to the next (new only after its --per-session messages), so
    /// cutting a level into blocks does not add connection set-ups.
    /// </summary>
    private static ILoadConnection[] Open(Func<ILoadConnection> connect, int inFlight) =>
        [.. Enumerable.Range(0, inFlight).Select(_ => connect())];
}
