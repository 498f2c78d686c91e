using System.Text;
using Microsoft.Win32.SafeHandles;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Gateway;

namespace Vigil.Doors.Queue;

/// <summary>
/// notqmail's custom error for qmail-queue (the qmail-queue-custom-error patch, merged in
/// notqmail 1.08): a QMAILQUEUE program that refuses a message may write one line to fd 6,
/// <c>D</c> then the text for a permanent refusal or <c>Z</c> then the text for a temporary one,
/// and exit 82; qmail-smtpd answers 554 or 451 followed by the text. Callers without the patch
/// have no fd 6, and an unpatched qmail-smtpd treats exit 82 as a temporary problem, so a wrong
/// guess must never turn a refusal into an acceptance: the fallback is the plain 31/71.
/// The text is ours only, the same words every door refuses with (<see cref="RefusalText"/>).
/// </summary>
public static class QmailQueueCustomError
{
    public const string OptionKey = "customerror";

    private const int ErrorDescriptor = 6;

    /// <summary>O_CLOEXEC as /proc/self/fdinfo shows it (octal 02000000 on Linux).</summary>
    private const int CloseOnExec = 0x80000;

    /// <summary>The `customerror=` setting: yes, no or auto (the default, also for an unknown word).</summary>
    public static CustomErrorMode Mode(PolicyOptions options)
    {
        var text = options.Get(OptionKey)?.Trim();
        if (text is null || text.Length == 0 || text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return CustomErrorMode.Auto;
        }

        return options.GetBool(OptionKey, false) ? CustomErrorMode.Yes
            : text.ToLowerInvariant() is "n" or "no" or "false" or "off" or "0" ? CustomErrorMode.No
            : CustomErrorMode.Auto;
    }

    /// <summary>
    /// True when fd 6 is the write end of a pipe we inherited, as notqmail's qmail_open() leaves it
    /// (dup2'ed, so without close-on-exec). Linux only (it asks /proc); elsewhere auto means off.
    /// A pipe we may only read (sslclient's fd 6, say), a file or a socket does not count.
    /// </summary>
    public static bool CallerReadsDescriptor6() =>
        Descriptor6() is { } fd && fd.Inherited && fd.Pipe && fd.WriteOnly;

    /// <summary>
    /// False when fd 6 is certainly not ours to write: not open, or opened by this process itself
    /// (the runtime opens everything close-on-exec, and when the caller left fd 6 closed one of
    /// those may well sit there). True when it was inherited, or when /proc cannot tell.
    /// </summary>
    public static bool MayWriteDescriptor6() =>
        Descriptor6() is not { } fd ? !File.Exists("/proc/self/fdinfo/0") : fd.Inherited && fd.Writable;

    /// <summary>What /proc says of fd 6; null when it is not open or /proc cannot tell.</summary>
    private static (bool Pipe, bool WriteOnly, bool Writable, bool Inherited)? Descriptor6()
    {
        try
        {
            var target = new FileInfo($"/proc/self/fd/{ErrorDescriptor}").LinkTarget;
            if (target is null)
            {
                return null;
            }

            foreach (var line in File.ReadLines($"/proc/self/fdinfo/{ErrorDescriptor}"))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    var flags = Convert.ToInt32(line["flags:".Length..].Trim(), 8);
                    var access = flags & 3; // O_ACCMODE: 1 O_WRONLY, 2 O_RDWR
                    return (target.StartsWith("pipe:", StringComparison.Ordinal), access == 1, access is 1 or 2, (flags & CloseOnExec) == 0);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or OverflowException)
        {
        }

        return null;
    }

    /// <summary>The line for fd 6 for a refused message ("D..." or "Z..."); null when the outcome is no refusal.</summary>
    public static string? Text(DispositionResult result) =>
        RefusalText.Of(result) is { } refusal ? Text(refusal) : null;

    /// <summary>The line for fd 6 for <paramref name="refusal"/>.</summary>
    public static string Text(Refusal refusal) =>
        (refusal.Permanent ? "D" : "Z") + refusal.Text + " (#" + refusal.EnhancedCode + ")";

    /// <summary>
    /// Writes <paramref name="text"/> to fd 6 in one write; false when that fails (no fd 6, closed),
    /// and the caller answers with the plain exit code instead.
    /// </summary>
    public static bool TryWrite(string text)
    {
        try
        {
            using var handle = new SafeFileHandle(ErrorDescriptor, ownsHandle: false);
            using var stream = new FileStream(handle, FileAccess.Write, 1);
            stream.Write(Encoding.ASCII.GetBytes(text));
            stream.Flush();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
