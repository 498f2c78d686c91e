using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Sanitizing;
using Vigil.Engine.Verdicts;

namespace Vigil.Doors.Queue;

/// <summary>
/// notqmail's custom error for qmail-queue (the qmail-queue-custom-error patch, merged in
/// notqmail 1.08): a QMAILQUEUE program that refuses a message may write one line to fd 6,
/// <c>D</c> then the text for a permanent refusal or <c>Z</c> then the text for a temporary one,
/// and exit 82; qmail-smtpd answers 554 or 451 followed by the text. Callers without the patch
/// have no fd 6, and an unpatched qmail-smtpd treats exit 82 as a temporary problem, so a wrong
/// guess must never turn a refusal into an acceptance: the fallback is the plain 31/71.
/// The text is ours only: the verdict's category and our rule name (a virus's signature name),
/// reduced to printable ASCII and cut short; nothing the message said reaches the SMTP client.
/// </summary>
public static class QmailQueueCustomError
{
    public const string OptionKey = "customerror";

    /// <summary>notqmail reads at most 255 bytes; the prefix and the (#x.y.z) code must fit.</summary>
    public const int MaxTextLength = 200;

    private const int ErrorDescriptor = 6;
    private const int MaxRuleLength = 80;

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
    public static string? Text(DispositionResult result)
    {
        var decider = result.Plan.Decider;
        switch (result.Outcome)
        {
            case DispositionOutcome.Reject:
                return "D" + Describe("refused", decider) + " (#5.7.1)";
            case DispositionOutcome.Defer when result.Detail.Length > 0 || decider is null || decider.Category == FindingCategory.Error:
                // Our own trouble (a scanner down, the quarantine not writable): the sender retries.
                return "ZVigil: temporary problem checking this message, try again later (#4.3.0)";
            case DispositionOutcome.Defer:
                // A defer or greylist action: the message itself is held off for now.
                return "Z" + Describe("deferred", decider) + ", try again later (#4.7.1)";
            default:
                return null;
        }
    }

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

    private static string Describe(string what, Finding? decider)
    {
        if (decider is null)
        {
            return $"Vigil: message {what}";
        }

        var category = decider.Category.Word();
        var rule = PrintableAscii.Of(decider.Rule, MaxRuleLength);
        var text = decider.Category == FindingCategory.Virus
            ? string.Create(CultureInfo.InvariantCulture, $"Vigil: message {what}, virus found ({rule})")
            : string.Create(CultureInfo.InvariantCulture, $"Vigil: message {what} by {category} rule {rule}");
        return text.Length <= MaxTextLength ? text : text[..MaxTextLength];
    }
}
