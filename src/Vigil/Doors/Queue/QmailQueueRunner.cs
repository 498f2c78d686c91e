using System.Text;
using Vigil.Mime.Spooling;

namespace Vigil.Doors.Queue;

/// <summary>
/// Hands a message on to the real qmail-queue the way qmail-smtpd does: the message on its fd 0
/// and the envelope on its fd 1, the envelope only after the whole message. Both go through a
/// <see cref="ChildInputPipe"/> whose write end only this process holds, and qmail-queue is
/// started with the pipes' read ends as its fd 0 and fd 1 (<see cref="SpawnedProgram"/>). If we
/// are killed while copying the message, qmail-queue reads end-of-file on fd 0 and then on fd 1
/// before a complete envelope, and refuses: a truncated message is never queued. Its only
/// argument is its own path, never message data. Plain blocking writes keep the hand-off cheap in
/// a per-message process.
/// </summary>
public static class QmailQueueRunner
{
    private const int CopyBufferSize = 64 * 1024;

    /// <summary>
    /// Runs qmail-queue and returns its exit code; 71 (temporary) when it cannot be run, dies of
    /// a signal or cannot be waited for. Synchronous on purpose: the door has nothing else to do meanwhile, and an
    /// await that really suspends makes the runtime compile every async frame of the call chain
    /// (about 60 methods, a good part of a one-message process's time).
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

        var pid = SpawnedProgram.Start(qmailQueue, messagePipe.ReadDescriptor, envelopePipe.ReadDescriptor, out var error);
        if (pid == 0)
        {
            Console.Error.WriteLine(new StringBuilder("vigil: cannot run ").Append(qmailQueue).Append(": ").Append(error));
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

        if (SpawnedProgram.WaitForExit(pid, out var why) is not { } exit)
        {
            Console.Error.WriteLine(new StringBuilder("vigil: ").Append(qmailQueue).Append(' ').Append(why));
            return QmailQueueExit.TemporaryRefusal;
        }

        return exit;
    }
}
