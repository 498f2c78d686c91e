using System.Globalization;

namespace Vigil.Bench.Load;

/// <summary>
/// A server process and its children (amavisd's pre-forked ones) watched during a level: peak
/// RSS (VmHWM, reset through /proc/PID/clear_refs before the level; summed over the processes,
/// so for several an upper bound) and CPU time (utime + stime of the processes alive at both ends).
/// </summary>
public sealed class ProcessWatch(string name, int pid)
{
    private Dictionary<int, double> _cpuAtStart = [];

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

    /// <summary>Peak RSS in MB and CPU milliseconds since <see cref="Start"/>.</summary>
    public (double PeakMb, double CpuMs) Stop()
    {
        var tree = Tree();
        var peakKb = tree.Sum(p => StatusKb(p, "VmHWM:"));
        var cpu = tree.Sum(p => CpuMs(p) - _cpuAtStart.GetValueOrDefault(p, 0));
        return (peakKb / 1024.0, cpu);
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

    private static double CpuMs(int p)
    {
        var f = StatFields(p);
        return f.Length > 12 ? (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) * 10.0 : 0;
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
