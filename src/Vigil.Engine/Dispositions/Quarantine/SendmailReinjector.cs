using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// Re-injects through a local program: sendmail (`sendmail -i -f SENDER -- RCPT...`) or qmail-inject
/// (`qmail-inject -a -f SENDER -- RCPT...`, -a: the recipients are the arguments, not the headers).
/// The program is started directly with an argument list (never a shell), so a hostile address is
/// only ever one argument, after "--" for recipients. The message goes to its stdin; exit 0 with
/// all of stdin taken means accepted.
/// </summary>
public sealed class SendmailReinjector : IReinjector
{
    public const string DefaultSendmail = "/usr/sbin/sendmail";
    public const string DefaultQmailInject = "/var/qmail/bin/qmail-inject";

    private const int MaxDetail = 2000;
    private readonly IReadOnlyList<string> _arguments;

    /// <param name="program">The program to run.</param>
    /// <param name="arguments">Arguments before "-f SENDER -- RCPT..."; null chooses by the program's name: "-a" for qmail-inject, "-i" otherwise.</param>
    public SendmailReinjector(string program = DefaultSendmail, IReadOnlyList<string>? arguments = null)
    {
        Program = program;
        _arguments = arguments ?? (Path.GetFileName(program) == "qmail-inject" ? ["-a"] : ["-i"]);
    }

    public string Program { get; }

    /// <summary>The whole argument list for one re-injection, as it is passed to the program.</summary>
    public IReadOnlyList<string> ArgumentsFor(string sender, IReadOnlyList<string> recipients)
    {
        var args = new List<string>(_arguments.Count + recipients.Count + 3);
        args.AddRange(_arguments);
        args.Add("-f");
        args.Add(sender);
        args.Add("--");
        args.AddRange(recipients);
        return args;
    }

    public async Task<ReinjectResult> ReinjectAsync(Stream message, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in ArgumentsFor(sender, recipients))
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            return new ReinjectResult(false, -1, $"{Program}: {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var allWritten = true;
            try
            {
                await message.CopyToAsync(process.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
                await process.StandardInput.BaseStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                allWritten = false; // the program closed its stdin early: it did not take the message
            }
            finally
            {
                try
                {
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    allWritten = false;
                }
            }

            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            _ = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode == 0 && allWritten)
            {
                return new ReinjectResult(true, 0, "");
            }

            var detail = new StringBuilder($"{Program} exited {process.ExitCode}");
            if (!allWritten)
            {
                detail.Append(" before reading the whole message");
            }

            if (errors.Trim() is { Length: > 0 } e)
            {
                detail.Append(": ").Append(e.Length > MaxDetail ? e[..MaxDetail] : e);
            }

            return new ReinjectResult(false, process.ExitCode, detail.ToString());
        }
    }
}
