namespace Vigil.Engine.Tests.Scanners.Command;

/// <summary>Whether a process still exists, read from /proc.</summary>
internal static class Processes
{
    /// <summary>True when <paramref name="pid"/> is gone or a zombie (dead, waiting for a parent to reap it).</summary>
    public static bool IsDead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[stat.LastIndexOf(')') + 2];
            return state is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Waits up to 5 s for the pid to die (SIGKILL is delivered, not awaited).</summary>
    public static bool DiesSoon(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            if (IsDead(pid))
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }
}
