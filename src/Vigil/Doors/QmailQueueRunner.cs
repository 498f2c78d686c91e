using System.Diagnostics;
using System.Text;
using Vigil.Mime.Spooling;

namespace Vigil.Doors;

/// <summary>
/// Hands a message on to the real qmail-queue the way qmail-smtpd does: the message on its fd 0
/// and the envelope on its fd 1. .NET cannot give a child an input on fd 1, so the envelope goes
/// into a private temp file and the child starts as
/// <c>/bin/sh -c 'exec "$0" 1&lt;"$1"' QMAILQUEUE ENVELOPEFILE</c>: the shell only opens our own
/// file and replaces itself with qmail-queue. Its arguments are our own paths, never message data;
/// the message bytes go through a pipe to fd 0 and the shell never sees them.
/// </summary>
public static class QmailQueueRunner
{

    private const string Script = "exec \"$0\" 1<\"$1\"";

    /// <summary>Runs qmail-queue and returns its exit code; 71 (temporary) when it cannot be run.</summary>
    /// <param name="headerPrefix">Header lines written before the message (added headers); empty for none, so the message goes byte for byte.</param>
    public static async Task<int> RunAsync(string qmailQueue, ContentSpool message, byte[] envelope, string privateDirectory, ReadOnlyMemory<byte> headerPrefix = default, CancellationToken cancellationToken = default)
    {
        var envelopeFile = Path.Combine(privateDirectory, "envelope");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(envelopeFile, options))
        {
            await file.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
        }

        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(qmailQueue);
        psi.ArgumentList.Add(envelopeFile);

        Process? child = null;
        try
        {
            child = Process.Start(psi);
            if (child is null)
            {
                return QmailQueueExit.TemporaryRefusal;
            }

            try
            {
                await using var input = message.OpenRead();
                if (!headerPrefix.IsEmpty)
                {
                    await child.StandardInput.BaseStream.WriteAsync(headerPrefix, cancellationToken).ConfigureAwait(false);
                }

                await input.CopyToAsync(child.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
                child.StandardInput.Close();
            }
            catch (IOException)
            {
                // qmail-queue stopped reading (it refused early); its exit code says why.
            }

            await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (child.ExitCode is 126 or 127)
            {
                // The shell could not exec it (missing or not executable): a setup problem, retry later.
                await Console.Error.WriteLineAsync(new StringBuilder("vigil: cannot run ").Append(qmailQueue)).ConfigureAwait(false);
                return QmailQueueExit.TemporaryRefusal;
            }

            return child.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync(new StringBuilder("vigil: cannot run ").Append(qmailQueue).Append(": ").Append(e.Message)).ConfigureAwait(false);
            return QmailQueueExit.TemporaryRefusal;
        }
        finally
        {
            child?.Dispose();
            File.Delete(envelopeFile);
        }
    }
}
