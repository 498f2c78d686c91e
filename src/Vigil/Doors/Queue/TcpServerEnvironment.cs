namespace Vigil.Doors.Queue;

/// <summary>
/// What tcpserver's rules tell `vigil queue` about the SMTP client, as Qmail-Scanner used it:
/// TCPREMOTEIP (logged and recorded in the quarantine) and RELAYCLIENT (set, even empty, for
/// clients allowed to relay: local users, so mostly outgoing mail). Qmail-Scanner ran
/// SpamAssassin only for mail without RELAYCLIENT; Vigil's engine lays the admin's profile for
/// relayed mail (`relayclientprofile=DIR` in options) over the control directory instead. The door
/// only reports what tcpserver said. A tcpserver rule can also pick a profile per address range
/// outright: VIGIL_PROFILE=DIR.
/// </summary>
public static class TcpServerEnvironment
{
    private static readonly string[] Passed = ["TCPREMOTEIP", "TCPREMOTEHOST", "TCPREMOTEINFO", "TCPLOCALIP", "RELAYCLIENT"];

    /// <summary>The client's IP address, null when tcpserver did not set one (qmail-inject, a local program).</summary>
    public static string? ClientIp => Environment.GetEnvironmentVariable("TCPREMOTEIP") is { Length: > 0 } ip ? ip : null;

    /// <summary>The client's host name as tcpserver found it (TCPREMOTEHOST), null when unknown.</summary>
    public static string? ClientName => Environment.GetEnvironmentVariable("TCPREMOTEHOST") is { Length: > 0 } name ? name : null;

    /// <summary>True when RELAYCLIENT is set at all (qmail-smtpd's own test: its value is a suffix, usually empty).</summary>
    public static bool IsRelayClient => Environment.GetEnvironmentVariable("RELAYCLIENT") is not null;

    /// <summary>The variables handed to command-API programs for this message (those set only).</summary>
    public static IReadOnlyDictionary<string, string> Variables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Passed)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
