using Vigil.Commands;

namespace Vigil.Doors.Qhpsi;

/// <summary>
/// Runs a <see cref="QhpsiCall"/>: `vigil scan` on the queue file with the verdict line on stderr
/// (fd 1 is qmail-queue's envelope pipe), its exit mapped for qmail-queue: QHPSIRC when blocked,
/// 0 when clean, a deferring code for any error. A usage mistake defers too: never a pass.
/// </summary>
public static class QhpsiScan
{
    public static async Task<int> RunAsync(QhpsiCall call)
    {
        var env = call.Environment;
        foreach (var word in call.Ignored)
        {
            Console.Error.WriteLine($"vigil: QHPSI argument '{Printable(word)}' is for another scanner: ignored");
        }

        if (env.InfectedExit == 0)
        {
            Console.Error.WriteLine("vigil: QHPSIRC=0 makes qmail-queue refuse every clean message; unset it (Vigil exits 1 for a blocked one)");
        }

        if (env.UnscannedWarning() is { } warning)
        {
            Console.Error.WriteLine($"vigil: {warning}");
        }

        try
        {
            return env.Map(await ScanCommand.RunAsync(CommonOptions.Parse(call.ScanArgs[1..]), Console.OpenStandardError()));
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"vigil: {e.Message}");
            return env.DeferExit;
        }
    }

    private static string Printable(string s) =>
        string.Create(Math.Min(s.Length, 80), s, (span, src) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = src[i] is >= ' ' and < '\x7f' ? src[i] : '?';
            }
        });
}
