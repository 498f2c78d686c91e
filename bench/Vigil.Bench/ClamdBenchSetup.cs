using System.Globalization;
using Vigil.Engine.Analysis;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Bench;

/// <summary>What the clamd benchmarks share: their options, the messages in memory, clamd's CPU time.</summary>
public sealed class ClamdBenchSetup
{
    private ClamdBenchSetup(string[] dirs, ClamdAddress[] addresses, int[] clamdPids)
    {
        Dirs = dirs;
        Addresses = addresses;
        ClamdPids = clamdPids;
    }

    public string[] Dirs { get; }

    public ClamdAddress[] Addresses { get; }

    /// <summary>clamd processes whose CPU time (/proc/PID/stat utime + stime) is measured beside ours.</summary>
    public int[] ClamdPids { get; }

    public byte[][] Messages { get; private set; } = [];

    public long TotalBytes { get; private set; }

    /// <summary>
    /// Reads `DIR... --clamd ADDR [--clamd ADDR2] [--clamd-pid PID]...`; the other options are the
    /// caller's (their values are skipped here). Null with a message on stderr when unusable.
    /// </summary>
    public static ClamdBenchSetup? Parse(string[] args, string[] valueOptions)
    {
        var dirs = new List<string>();
        var addresses = new List<ClamdAddress>();
        var pids = new List<int>();
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--clamd" && i + 1 < args.Length)
            {
                if (!ClamdAddress.TryParse(args[++i], out var address, out var error))
                {
                    Console.Error.WriteLine(error);
                    return null;
                }

                addresses.Add(address!);
            }
            else if (a == "--clamd-pid" && i + 1 < args.Length)
            {
                pids.Add(int.Parse(args[++i], CultureInfo.InvariantCulture));
            }
            else if (Array.IndexOf(valueOptions, a) >= 0)
            {
                i++;
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"unknown option {a}");
                return null;
            }
            else
            {
                dirs.Add(a);
            }
        }

        if (dirs.Count == 0 || addresses.Count == 0)
        {
            Console.Error.WriteLine("need at least one DIR and --clamd ADDR");
            return null;
        }

        var setup = new ClamdBenchSetup([.. dirs], [.. addresses], [.. pids]);
        setup.Load();
        return setup;
    }

    /// <summary>True when every clamd answers PING (said on stderr otherwise).</summary>
    public async Task<bool> PingAllAsync()
    {
        foreach (var address in Addresses)
        {
            var client = new ClamdClient(address);
            var ping = await client.PingAsync();
            if (!ping.Ok)
            {
                Console.Error.WriteLine($"clamd {address}: {ping.Text}");
                return false;
            }

            var version = await client.VersionAsync();
            Console.Out.WriteLine($"clamd {address}: {version.Text}");
        }

        return true;
    }

    public ClamdEndpointSet Endpoints() => new([.. Addresses.Select(a => new ClamdClient(a))]);

    public static MessageJudge NewMessageScanner(IContentScanner? scanner) =>
        new(new MessageAnalyzer(), new PolicyProvider(controlDirectory: null), scanner is null ? [] : [scanner]);

    /// <summary>clamd's CPU time so far, summed over <see cref="ClamdPids"/>; zero when none was given.</summary>
    public TimeSpan ClamdCpu()
    {
        long ticks = 0;
        foreach (var pid in ClamdPids)
        {
            ticks += ProcessTicks(pid);
        }

        // USER_HZ: 100 on every Linux architecture .NET runs on (sysconf(_SC_CLK_TCK)).
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Counts what a verdict says, to show every mode judged the same messages the same.</summary>
    public static void Tally(Verdict verdict, ref int virus, ref int error)
    {
        foreach (var f in verdict.Findings)
        {
            if (f.Category == FindingCategory.Error)
            {
                error++;
                return;
            }
        }

        foreach (var f in verdict.Findings)
        {
            if (f.Category == FindingCategory.Virus)
            {
                virus++;
                return;
            }
        }
    }

    private static long ProcessTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // Fields after the command name (which may hold spaces) end with ')'; utime and stime are fields 14 and 15.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
    }

    private void Load()
    {
        var files = new List<string>();
        foreach (var dir in Dirs)
        {
            var found = Directory.GetFiles(dir, "*", SearchOption.AllDirectories);
            Array.Sort(found, StringComparer.Ordinal);
            files.AddRange(found);
        }

        Messages = new byte[files.Count][];
        for (var i = 0; i < files.Count; i++)
        {
            Messages[i] = File.ReadAllBytes(files[i]);
            TotalBytes += Messages[i].Length;
        }

        Console.Out.WriteLine($"messages: {Messages.Length}, {TotalBytes / 1048576.0:0.0} MB from {string.Join(' ', Dirs)}");
    }
}
