using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions;

/// <summary>
/// Where the real qmail-queue is: `qmailqueue=` in `options`, else the environment variable
/// VIGIL_QMAILQUEUE, else qmail's own path. `vigil queue` hands clean mail to it, and mail Vigil
/// writes itself through qmail-inject (notifications, forwarded copies) goes straight to it:
/// with QMAILQUEUE inherited from qmail-smtpd it would otherwise pass through `vigil queue` again.
/// </summary>
public static class QmailQueueLocation
{
    public const string DefaultPath = "/var/qmail/bin/qmail-queue";
    public const string OptionKey = "qmailqueue";
    public const string EnvironmentVariable = "VIGIL_QMAILQUEUE";

    public static string Resolve(PolicyOptions options) =>
        options.Get(OptionKey) is { Length: > 0 } p ? p.Trim()
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } e ? e
        : DefaultPath;
}
