using System.Diagnostics;

namespace Vigil.Install;

/// <summary>
/// Starts a QMAILQUEUE program the way qmail-smtpd does: the message on fd 0 and the envelope on
/// fd 1. .NET cannot give a child an input on fd 1, so /bin/sh sets up both redirections from
/// files and then execs the program; every path travels as an argument, never inside the script.
/// </summary>
public static class QueueDoorProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private const string Script = "m=$1; e=$2; shift 2; exec \"$@\" <\"$m\" 1<\"$e\"";

    /// <summary>Runs <paramref name="command"/>; exit code and standard error, or -1 and the reason when it could not run or hung.</summary>
    public static async Task<(int ExitCode, string Stderr)> RunAsync(IReadOnlyList<string> command, string messageFile, string envelopeFile, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add("vigil-test-install");
        psi.ArgumentList.Add(messageFile);
        psi.ArgumentList.Add(envelopeFile);
        foreach (var word in command)
        {
            psi.ArgumentList.Add(word);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (-1, $"cannot start /bin/sh: {e.Message}");
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"no answer within {Timeout.TotalSeconds:0} s; killed");
            }

            return (process.ExitCode, await stderr);
        }
    }
}
