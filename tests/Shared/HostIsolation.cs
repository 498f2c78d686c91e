using System.Diagnostics;

namespace Vigil.Testing;

/// <summary>
/// What a `vigil` child started by a test must not take from the host. The product's defaults name
/// the host's files (qmail's /var/qmail/bin/qmail-queue and qmail-inject, /var/qmail/control/me
/// and defaultdomain, the caller's VIGIL_* and qmail variables), which is right for an admin and
/// wrong for a test: on a machine with qmail installed, a door under test would queue into the
/// real qmail or send its notices through the real qmail-inject into the test's stand-in. Every
/// runner that starts vigil applies this first; what the test sets itself comes after and wins.
/// </summary>
public static class HostIsolation
{
    /// <summary>
    /// A qmail home that does not exist (never created): qmail-queue, qmail-inject and control/ under
    /// it are missing, as on a host without qmail, whatever this host has.
    /// </summary>
    public static string AbsentQmailHome { get; } = Path.Combine(Path.GetTempPath(), "vigil-test-no-qmail-" + Guid.NewGuid().ToString("N"));

    /// <summary>The real qmail-queue a door uses when the test names no stand-in.</summary>
    public static string AbsentQmailQueue => Path.Combine(AbsentQmailHome, "bin", "qmail-queue");

    /// <summary>
    /// The `options` line for a test's control directory: notices go through a qmail-inject that is
    /// missing (the default names the host's /var/qmail/bin/qmail-inject, and no variable overrides it).
    /// </summary>
    public static string NotifyViaLine => $"notifyvia=qmail-inject:{Path.Combine(AbsentQmailHome, "bin", "qmail-inject")}\n";

    private static readonly string[] Inherited =
    [
        "VIGIL_CONTROL", "VIGIL_STORE", "VIGIL_NODE", "VIGIL_PROFILE", "VIGIL_SOCKET", "VIGIL_SOCKET_TIMEOUT",
        "VIGIL_QMAILQUEUE", "VIGIL_XCLIENT", "QMAILQUEUE", "RELAYCLIENT", "TCPREMOTEIP", "TCPREMOTEHOST", "SENDER", "RECIPIENT",
    ];

    /// <summary>Clears the inherited variables and points qmail-queue (and so qmail's control/) at <see cref="AbsentQmailHome"/>.</summary>
    public static void Apply(ProcessStartInfo psi)
    {
        foreach (var name in Inherited)
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["VIGIL_QMAILQUEUE"] = AbsentQmailQueue;
    }

    /// <summary><paramref name="options"/> with <see cref="NotifyViaLine"/> first, unless it names its own `notifyvia=`.</summary>
    public static string WithNotifyVia(string options) =>
        options.Contains("notifyvia=", StringComparison.OrdinalIgnoreCase) ? options : NotifyViaLine + options;
}
