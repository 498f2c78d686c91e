using System.Diagnostics;

namespace Vigil.Output;

/// <summary>
/// A progress line on stderr for work that takes more than a second ("importing FILE: 45%"),
/// redrawn in place; only on a terminal, so logs and pipes get none of it.
/// </summary>
internal sealed class ProgressLine(string what)
{
    private static readonly bool Terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _shown;
    private int _last = -1;

    public void Report(long done, long total)
    {
        if (!Terminal || _clock.Elapsed < TimeSpan.FromSeconds(1) || total <= 0)
        {
            return;
        }

        var percent = (int)Math.Min(100, done * 100 / total);
        if (percent == _last)
        {
            return;
        }

        _last = percent;
        _shown = true;
        Console.Error.Write($"\r{what}: {percent}%");
    }

    /// <summary>Ends the line, when one was drawn.</summary>
    public void Done()
    {
        if (_shown)
        {
            Console.Error.Write("\n");
        }
    }
}
