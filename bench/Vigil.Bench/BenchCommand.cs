namespace Vigil.Bench;

/// <summary>
/// The harness's verbs. Each measurement prints a human table and `metric name value` lines
/// that bench/run.sh reads.
/// </summary>
public static class BenchCommand
{
    private const string Help = """
        usage:
          Vigil.Bench throughput DIR [--warmup N] [--iterations N]
              In-process messages/s over every file under DIR (read into memory first), then a
              per-phase split: parse, detect+expand (per expander), policy, JSON output, file read.
          Vigil.Bench large FILE [--warmup N] [--iterations N]
              In-process MB/s of one message read from disk as `vigil scan` does, and parse alone.
          Vigil.Bench gen-attachment OUT MEGABYTES
              Writes a message with a short text part and one base64 attachment of MEGABYTES.
          Vigil.Bench gen-huge OUT MEGABYTES
              Writes a multipart message of about MEGABYTES: a big text part and three base64 attachments.
          Vigil.Bench clamd-overhead DIR... --clamd ADDR [--clamd-pid PID] [--warmup N] [--iterations N]
              Sequential wall time over every file under the DIRs: (a) raw INSTREAM with ClamdClient,
              then MessageJudge + ClamdScanner in (b) raw, (c) entities, (d) both modes; ratios to
              (a), clamd requests per message, plain text parts sent.
          Vigil.Bench clamd-concurrency DIR... --clamd ADDR [--clamd ADDR2] [--clamd-pid PID]...
                  [--concurrency 1,4,16] [--mode raw|entities|both] [--max-connections N] [--warmup N] [--iterations N]
              Messages/s with N scans in flight from a shared queue, and CPU use of vigil + clamd.
          Vigil.Bench store-write DIR [--rows N] [--store postgres://USER@HOST:PORT/DB]
              Rows/s into a new SQLite store in DIR: SqliteStore.Insert in batches of 500, then the
              StoreWriter observer end to end (default 200000 rows), and the enqueue cost per message.
          Vigil.Bench fuzz [--vigil PATH] [--cases N] [--seed S] [--line-kb KB] [--family sweep,flipped,floods,shapes,nesting,archives,mutations]
              The long fuzz run: the CI fuzz families, N cases each (the sweep: every bit of one
              early piece of the issue-10 shape, CRLF and LF), judged from a file with the default
              limits, each by its own `PATH scan --json FILE` process under /usr/bin/time (without
              --vigil: in this process, rate only); slowest MB/s, peak RSS per case, cases under
              10 MB/s or over 150 MB. Exit 1 if any.
          Vigil.Bench archive-expand FILE... [--warmup N] [--iterations N]
              Expanded MB/s of the archive expander (nested archives too) per archive file; zips
              also through SharpCompress alone (bench/archives.sh builds the 50 MB inputs).
          Vigil.Bench milter-serve PORT [--control DIR] [--seconds N]
              The milter listener on 127.0.0.1:PORT for N seconds (default 120), for Postfix and
              smtp-source to drive (bench/milter.sh).
          Vigil.Bench load smtp:HOST:PORT|clamd:ADDR DIR... [--sessions 1,10,100] [--count N] [--per-session M]
                  [--recipient ADDR] [--watch NAME:PID]... [--label L]
              N corpus messages (evenly spread, default 500) to an SMTP server (PIPELINING, M messages
              per session, default 20) or to clamd by INSTREAM alone, with S sessions in flight: msg/s,
              p50/p99 latency, replies by class, peak RSS and CPU per message of watched processes
              and their children (bench/gateway.sh).
          Vigil.Bench idle smtp:HOST:PORT [--sessions N] --pid PID
              The server's RSS before, with N (default 1000) idle greeted SMTP sessions, and after.
          Vigil.Bench gen-testfile-mails OUTDIR [SRCDIR]
              One mail per file of SRCDIR (default /usr/share/clamav-testfiles), as a base64 attachment.

        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || (args.Length < 2 && args[0] != "fuzz"))
        {
            Console.Error.Write(Help);
            return 2;
        }

        Console.Out.WriteLine(
            $"runtime: TieredCompilation={Setting("System.Runtime.TieredCompilation", "DOTNET_TieredCompilation")} " +
            $"TieredPGO={Setting("System.Runtime.TieredPGO", "DOTNET_TieredPGO")} " +
            $"QuickJitForLoops={Setting("System.Runtime.TieredCompilation.QuickJitForLoops", "DOTNET_TC_QuickJitForLoops")}");
        var warmup = IntOption(args, "--warmup", 1);
        var iterations = IntOption(args, "--iterations", 3);
        switch (args[0])
        {
            case "fuzz":
                return await FuzzBench.RunAsync(args);
            case "throughput":
                return await ThroughputBench.RunAsync(args[1], warmup, iterations);
            case "large":
                return await LargeMessageBench.RunAsync(args[1], warmup, iterations);
            case "clamd-overhead":
                return await ClamdOverheadBench.RunAsync(args, warmup, iterations);
            case "clamd-concurrency":
                return await ClamdConcurrencyBench.RunAsync(args, warmup, iterations);
            case "store-write":
                return await StoreWriteBench.RunAsync(args[1], IntOption(args, "--rows", 200_000), StringOption(args, "--store"));
            case "idle":
                return await Load.IdleBench.RunAsync(args);
            case "load":
                return await Load.LoadBench.RunAsync(args);
            case "milter-serve":
                return await MilterServeBench.RunAsync(args, IntOption(args, "--seconds", 120));
            case "archive-expand":
                return ArchiveExpandBench.Run(args, warmup, iterations);
            case "gen-testfile-mails":
                return TestfileMails.Write(args[1], args.Length >= 3 ? args[2] : "/usr/share/clamav-testfiles");
            case "gen-attachment" when args.Length >= 3:
                MessageGenerator.WriteSingleAttachment(args[1], Megabytes(args[2]));
                return 0;
            case "gen-huge" when args.Length >= 3:
                MessageGenerator.WriteHuge(args[1], Megabytes(args[2]));
                return 0;
            default:
                Console.Error.Write(Help);
                return 2;
        }
    }

    /// <summary>A runtime setting as the process sees it: the environment wins over runtimeconfig.json.</summary>
    private static string Setting(string configName, string environmentName) =>
        Environment.GetEnvironmentVariable(environmentName) is { Length: > 0 } env ? env + " (env)"
        : AppContext.GetData(configName)?.ToString() ?? "default";

    private static long Megabytes(string text) => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024;

    private static int IntOption(string[] args, string name, int fallback)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                return int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return fallback;
    }

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
}
