using Vigil.Commands;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Spooling;
using Vigil.Input;
using Vigil.Output;
using Vigil.Server.Local;

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
            var options = CommonOptions.Parse(call.ScanArgs[1..]);
            if (await ThroughSocketAsync(options) is { } exit)
            {
                return env.Map(exit);
            }

            return env.Map(await ScanCommand.RunAsync(options, Console.OpenStandardError()));
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"vigil: {e.Message}");
            return env.DeferExit;
        }
    }

    /// <summary>
    /// `vigil scan`'s exit for the one queue file when `vigil serve`'s local socket judged it (the
    /// same line on stderr as the in-process scan writes); null when the door must scan it itself
    /// (no socket, no answer, or output the socket does not carry: --json, -v).
    /// </summary>
    private static async Task<int?> ThroughSocketAsync(CommonOptions options)
    {
        if (options.Json || options.Verbose || options.Paths.Count != 1 || DoorSocket.Resolve(options) is not { } socket)
        {
            return null;
        }

        // The message exactly as the in-process scan would take it (one file, not an mbox of several).
        var errors = false;
        var inputs = MessageInputs.Expand(options.Paths[0], _ => errors = true).Take(2).ToList();
        if (errors || inputs.Count != 1)
        {
            return null;
        }

        var path = inputs[0].DisplayPath;
        using var spool = SpooledMessage.Create();
        try
        {
            using var file = inputs[0].Open();
            await spool.CopyFromAsync(file, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SpoolWriteException)
        {
            // The in-process scan says what is wrong with the file in its own words.
            return null;
        }

        var stderr = Console.Error;
        if (await DoorSocket.AskAsync(socket, LocalRequestKind.Judge, options, new Envelope(options.Sender, []), spool, stderr, "vigil") is not { } reply)
        {
            return null;
        }

        stderr.Write(reply.Warnings);
        var verdict = reply.Verdict;
        // In the order the in-process scan gives them: outage lines at once, the verdict line at its end.
        var operationalError = false;
        foreach (var f in verdict.Findings)
        {
            if (f.Category == FindingCategory.Error)
            {
                stderr.WriteLine($"vigil: {path}: {f.Rule}: {f.Detail}");
                operationalError = true;
            }
        }

        using (var judgement = new Judgement(null, verdict, reply.Elapsed))
        {
            new ClamStyleWriter(stderr, verbose: false).Write(path, judgement);
        }

        stderr.Flush();
        return operationalError ? 2 : verdict.IsClean ? 0 : 1;
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
