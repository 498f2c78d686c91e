using System.Diagnostics;
using System.Globalization;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;

namespace Vigil.Bench;

/// <summary>
/// Issue 4's concurrency figure: messages/s when N tasks take messages from one shared queue and
/// each awaits MessageJudge.ScanAsync (clamd in the given mode, default Both, the product's
/// default), for each N asked for. CPU utilisation is our process's CPU time plus clamd's
/// (/proc/PID/stat) over the wall time: 100 % is one core busy, 200 % both cores of this machine.
/// </summary>
public static class ClamdConcurrencyBench
{
    public static async Task<int> RunAsync(string[] args, int warmup, int iterations)
    {
        var setup = ClamdBenchSetup.Parse(args, ["--warmup", "--iterations", "--concurrency", "--mode", "--max-connections"]);
        if (setup is null || !await setup.PingAllAsync())
        {
            return 2;
        }

        var levels = Option(args, "--concurrency", "1,4,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var mode = Enum.Parse<ClamdScanMode>(Option(args, "--mode", "both"), ignoreCase: true);
        var maxConnections = int.Parse(Option(args, "--max-connections", ClamdEndpointSet.DefaultMaxConnections.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var endpoints = new ClamdEndpointSet([.. setup.Addresses.Select(a => new ClamdClient(a))], maxConnections);
        var scanner = ClamdBenchSetup.NewMessageScanner(new ClamdScanner(endpoints, mode));
        var messages = setup.Messages;

        for (var w = 0; w < warmup; w++)
        {
            await PassAsync(scanner, messages, levels.Max());
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine($"clamd concurrency: {messages.Length} messages, mode {mode}, {setup.Addresses.Length} endpoint(s) ({endpoints}), at most {maxConnections} connections, {Environment.ProcessorCount} cores, {iterations} round(s) per level, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"in flight",9} {"least ms",9} {"msg/s best",11} {"msg/s median",13} {"vigil cpu",10} {"clamd cpu",10} {"total cpu",10} {"errors",7}"));
        foreach (var level in levels)
        {
            var times = new List<double>();
            double cpuMs = 0, clamdMs = 0, wallMs = 0;
            var errors = 0;
            for (var i = 0; i < iterations; i++)
            {
                var cpu0 = Environment.CpuUsage.TotalTime;
                var clamd0 = setup.ClamdCpu();
                var start = Stopwatch.GetTimestamp();
                errors += await PassAsync(scanner, messages, level);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                times.Add(ms);
                wallMs += ms;
                cpuMs += (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds;
                clamdMs += (setup.ClamdCpu() - clamd0).TotalMilliseconds;
            }

            times.Sort();
            var least = times[0];
            var median = times[times.Count / 2];
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{level,9} {least,9:0} {messages.Length / (least / 1000),11:0} {messages.Length / (median / 1000),13:0} {100 * cpuMs / wallMs,9:0}% {100 * clamdMs / wallMs,9:0}% {100 * (cpuMs + clamdMs) / wallMs,9:0}% {errors,7}"));
            Metrics.Machine($"concurrency_{level}_msgs_per_s", messages.Length / (least / 1000));
            Metrics.Machine($"concurrency_{level}_cpu_percent", 100 * (cpuMs + clamdMs) / wallMs);
        }

        Console.Out.WriteLine("(cpu: CPU time over wall time summed over the rounds; 100% = one core; clamd cpu is 0 without --clamd-pid)");
        return 0;
    }

    /// <summary>One pass over every message with <paramref name="inFlight"/> workers; returns the messages whose verdict holds an error.</summary>
    private static async Task<int> PassAsync(MessageJudge scanner, byte[][] messages, int inFlight)
    {
        var next = -1;
        var errors = 0;
        var workers = new Task[inFlight];
        for (var w = 0; w < inFlight; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < messages.Length)
                {
                    using var stream = new MemoryStream(messages[i], writable: false);
                    using var result = await scanner.JudgeAsync(stream);
                    int virus = 0, error = 0;
                    ClamdBenchSetup.Tally(result.Verdict, ref virus, ref error);
                    if (error > 0)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        return errors;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return fallback;
    }
}
