using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigil.Mime.Spooling;

namespace Vigil.Doors;

/// <summary>
/// Hands a message on to the real qmail-queue the way qmail-smtpd does: the message on its fd 0
/// and the envelope on its fd 1, the envelope only after the whole message. The envelope goes
/// through an <see cref="EnvelopePipe"/> whose write end only this process holds, and the child
/// starts as <c>/bin/sh -c 'exec "$0" 1&lt;/proc/self/fd/"$1"' QMAILQUEUE N</c> (N the pipe's
/// inherited read descriptor): the shell only opens that pipe as fd 1 and replaces itself with
/// qmail-queue. If we are killed while copying the message, qmail-queue reads end-of-file on fd 0
/// and then on fd 1 before a complete envelope, and refuses: a truncated message is never queued.
/// Its arguments are our own path and a number, never message data; the message bytes go through
/// a pipe to fd 0 and the shell never sees them. Needs Linux with /proc mounted.
/// </summary>
public static class QmailQueueRunner
{
    // dash (Debian's /bin/sh) maps only descriptors 0 to 9 with `1<&N`, and ours is rarely that low;
    // opening /proc/self/fd/N gives the shell the same pipe (its inherited copy of our read end).
    private const string Script = "exec \"$0\" 1</proc/self/fd/\"$1\"";

    /// <summary>Runs qmail-queue and returns its exit code; 71 (temporary) when it cannot be run.</summary>
    /// <param name="headerPrefix">Header lines written before the message (added headers); empty for none, so the message goes byte for byte.</param>
    public static async Task<int> RunAsync(string qmailQueue, ContentSpool message, byte[] envelope, ReadOnlyMemory<byte> headerPrefix = default, CancellationToken cancellationToken = default)
    {
        using var envelopePipe = EnvelopePipe.TryCreate();
        if (envelopePipe is null)
        {
            await Console.Error.WriteLineAsync("vigil: cannot create the envelope pipe for qmail-queue").ConfigureAwait(false);
            return QmailQueueExit.TemporaryRefusal;
        }

        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(qmailQueue);
        psi.ArgumentList.Add(envelopePipe.ReadDescriptor.ToString(CultureInfo.InvariantCulture));

        Process? child = null;
        try
        {
            child = Process.Start(psi);
            if (child is null)
            {
                return QmailQueueExit.TemporaryRefusal;
            }

            // The child has its own copy now; ours must go, or fd 1 could never reach end-of-file.
            envelopePipe.CloseReadEnd();
            try
            {
                await using (var input = message.OpenRead())
                {
                    if (!headerPrefix.IsEmpty)
                    {
                        await child.StandardInput.BaseStream.WriteAsync(headerPrefix, cancellationToken).ConfigureAwait(false);
                    }

                    await input.CopyToAsync(child.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
                }

                child.StandardInput.Close();
                // Only now, with the whole message on fd 0, may the envelope follow (qmail-smtpd's order).
                await envelopePipe.WriteAndCloseAsync(envelope, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // qmail-queue stopped reading (it refused early); its exit code says why. The
                // envelope is then never written (closed unwritten here, so a qmail-queue still
                // waiting on fd 1 reads end-of-file), so it cannot queue what it got.
                envelopePipe.Dispose();
            }

            await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (child.ExitCode is 2 or 126 or 127)
            {
                // The shell could not open fd 1 (2: no /proc) or exec it (missing or not
                // executable): a setup problem, retry later. qmail-queue itself never exits 2.
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
        }
    }
}
