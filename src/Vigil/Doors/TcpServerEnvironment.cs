using Vigil.Engine.Policy.Control;

namespace Vigil.Doors;

/// <summary>
/// What tcpserver's rules tell `vigil queue` about the SMTP client, as Qmail-Scanner used it:
/// TCPREMOTEIP (logged and recorded in the quarantine) and RELAYCLIENT (set, even empty, for
/// clients allowed to relay: local users, so mostly outgoing mail). Qmail-Scanner ran
/// SpamAssassin only for mail without RELAYCLIENT; Vigil lets the admin name a profile for relayed
/// mail instead (`relayclientprofile=DIR` in options), laid over the control directory like any
/// profile, so its own `scanners` (no spamd, say), `options` (actions) or rules apply.
/// A tcpserver rule can also pick a profile per address range outright: VIGIL_PROFILE=DIR.
/// </summary>
public static class TcpServerEnvironment
{
    public const string RelayClientProfileKey = "relayclientprofile";

    private static readonly string[] Passed = ["TCPREMOTEIP", "TCPREMOTEHOST", "TCPREMOTEINFO", "TCPLOCALIP", "RELAYCLIENT"];

    /// <summary>The client's IP address, null when tcpserver did not set one (qmail-inject, a local program).</summary>
    public static string? ClientIp => Environment.GetEnvironmentVariable("TCPREMOTEIP") is { Length: > 0 } ip ? ip : null;

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

    /// <summary>The profile directory for relayed mail: `relayclientprofile=` when RELAYCLIENT is set; else null.</summary>
    public static string? RelayClientProfile(PolicyOptions options) =>
        IsRelayClient && options.Get(RelayClientProfileKey) is { } dir && dir.Trim().Length > 0 ? dir.Trim() : null;
}
