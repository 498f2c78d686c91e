using System.Globalization;

namespace Vigil.Bench.Load;

/// <summary>
/// A server process and its children (amavisd's pre-forked ones) watched during a level: peak
/// RSS (VmHWM, reset through /proc/PID/clear_refs before the level; summed over the processes,
/// so for several an upper bound) and CPU time (utime + stime of the processes alive at both ends),
/// with the kernel's share (stime: system calls, and on loopback the receiving side's network
/// path, which Linux runs in the sender's context) apart.
/// </summary>
public sealed class ProcessWatch(string name, int pid)
{
    private Dictionary<int, (double Cpu, double Sys)> _cpuAtStart = [];

    public string Name { get; } = name;

    public void Start()
    {
        foreach (var p in Tree())
        {
            try
            {
                File.WriteAllText($"/proc/{p}/clear_refs", "5");
            }
            catch (IOException)
            {
                // gone, or not ours to reset: its peak stays the lifetime peak
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        _cpuAtStart = Tree().ToDictionary(p => p, CpuMs);
    }

    /// <summary>Peak RSS in MB, CPU milliseconds since <see cref="Start"/> and the kernel's part of them.</summary>
    public (double PeakMb, double CpuMs, double SysMs) Stop()
    {
        var tree = Tree();
        var peakKb = tree.Sum(p => StatusKb(p, "VmHWM:"));
        var now = tree.Select(p => (Now: CpuMs(p), Then: _cpuAtStart.GetValueOrDefault(p))).ToArray();
        return (peakKb / 1024.0, now.Sum(c => c.Now.Cpu - c.Then.Cpu), now.Sum(c => c.Now.Sys - c.Then.Sys));
    }

    private int[] Tree()
    {
        var tree = new List<int> { pid };
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var p) && p != pid && ParentOf(p) == pid)
            {
                tree.Add(p);
            }
        }

        return [.. tree];
    }

    private static string? Stat(int p)
    {
        try
        {
            return File.ReadAllText($"/proc/{p}/stat");
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Fields after the command name (which may hold spaces): index 0 is the state.</summary>
    private static string[] StatFields(int p) => Stat(p) is { } s ? s[(s.LastIndexOf(')') + 2)..].Split(' ') : [];

    private static int ParentOf(int p) => StatFields(p) is { Length: > 1 } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : -1;

    /// <summary>utime + stime and stime alone, in ms (clock ticks of 10 ms).</summary>
    private static (double Cpu, double Sys) CpuMs(int p)
    {
        var f = StatFields(p);
        if (f.Length <= 12)
        {
            return (0, 0);
        }

        var user = long.Parse(f[11], CultureInfo.InvariantCulture) * 10.0;
        var sys = long.Parse(f[12], CultureInfo.InvariantCulture) * 10.0;
        return (user + sys, sys);
    }

    private static long StatusKb(int p, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{p}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
