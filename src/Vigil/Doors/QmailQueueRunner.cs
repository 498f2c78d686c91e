using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigil.Mime.Spooling;

namespace Vigil.Doors;

/// <summary>
/// Hands a message on to the real qmail-queue the way qmail-smtpd does: the message on its fd 0
/// and the envelope on its fd 1, the envelope only after the whole message. Both go through a
/// <see cref="ChildInputPipe"/> whose write end only this process holds, and the child starts as
/// <c>/bin/sh -c 'exec "$0" 0&lt;/proc/self/fd/"$1" 1&lt;/proc/self/fd/"$2"' QMAILQUEUE M E</c> (M and E
/// the pipes' inherited read descriptors): the shell only opens those pipes and replaces itself
/// with qmail-queue. If we are killed while copying the message, qmail-queue reads end-of-file on
/// fd 0 and then on fd 1 before a complete envelope, and refuses: a truncated message is never
/// queued. Its arguments are our own path and two numbers, never message data; the message bytes
/// go through the pipe and the shell never sees them. No stream of <see cref="Process"/> is
/// redirected: plain blocking writes keep the hand-off cheap in a per-message process. Needs Linux
/// with /proc mounted.
/// </summary>
public static class QmailQueueRunner
{
    // dash (Debian's /bin/sh) maps only descriptors 0 to 9 with `0<&N`, and ours are rarely that
    // low; opening /proc/self/fd/N gives the shell the same pipe (its inherited copy of our read end).
    private const string Script = "exec \"$0\" 0</proc/self/fd/\"$1\" 1</proc/self/fd/\"$2\"";

    private const int CopyBufferSize = 64 * 1024;

    /// <summary>
    /// Runs qmail-queue and returns its exit code; 71 (temporary) when it cannot be run. Synchronous
    /// on purpose: the door has nothing else to do meanwhile, and an await that really suspends
    /// makes the runtime compile every async frame of the call chain (about 60 methods, a good part
    /// of a one-message process's time).
    /// </summary>
    /// <param name="headerPrefix">Header lines written before the message (added headers); empty for none, so the message goes byte for byte.</param>
    public static int Run(string qmailQueue, ContentSpool message, byte[] envelope, ReadOnlyMemory<byte> headerPrefix = default)
    {
        using var messagePipe = ChildInputPipe.TryCreate();
        using var envelopePipe = ChildInputPipe.TryCreate();
        if (messagePipe is null || envelopePipe is null)
        {
            Console.Error.WriteLine("vigil: cannot create the pipes for qmail-queue");
            return QmailQueueExit.TemporaryRefusal;
        }

        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(qmailQueue);
        psi.ArgumentList.Add(messagePipe.ReadDescriptor.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(envelopePipe.ReadDescriptor.ToString(CultureInfo.InvariantCulture));

        Process? child = null;
        try
        {
            child = Process.Start(psi);
            if (child is null)
            {
                return QmailQueueExit.TemporaryRefusal;
            }

            // The child has its own copies now; ours must go, or its fds could never reach end-of-file.
            messagePipe.CloseReadEnd();
            envelopePipe.CloseReadEnd();
            try
            {
                using (var fd0 = messagePipe.OpenWriter())
                {
                    using var input = message.OpenRead();
                    fd0.Write(headerPrefix.Span);
                    input.CopyTo(fd0, CopyBufferSize);
                }

                // Only now, with the whole message on fd 0, may the envelope follow (qmail-smtpd's order).
                using var fd1 = envelopePipe.OpenWriter();
                fd1.Write(envelope);
            }
            catch (IOException)
            {
                // qmail-queue stopped reading (it refused early); its exit code says why. The
                // envelope is then never written (closed unwritten here, so a qmail-queue still
                // waiting on fd 1 reads end-of-file), so it cannot queue what it got.
                messagePipe.Dispose();
                envelopePipe.Dispose();
            }

            child.WaitForExit();
            if (child.ExitCode is 2 or 126 or 127)
            {
                // The shell could not open fd 0 or 1 (2: no /proc) or exec it (missing or not
                // executable): a setup problem, retry later. qmail-queue itself never exits 2.
                Console.Error.WriteLine(new StringBuilder("vigil: cannot run ").Append(qmailQueue));
                return QmailQueueExit.TemporaryRefusal;
            }

            return child.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Console.Error.WriteLine(new StringBuilder("vigil: cannot run ").Append(qmailQueue).Append(": ").Append(e.Message));
            return QmailQueueExit.TemporaryRefusal;
        }
        finally
        {
            child?.Dispose();
        }
    }
}
