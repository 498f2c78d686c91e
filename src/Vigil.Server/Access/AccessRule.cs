using System.Net;

namespace Vigil.Server.Access;

/// <summary>
/// One line of a tcp.smtp-style rules file: which clients (an address, a prefix such as `10.1.`,
/// a last-octet range `10.1.2.5-9`, a CIDR block, `=hostname`, or empty for everyone), allow or
/// deny, and the variables it sets.
/// </summary>
public sealed record AccessRule(IPNetwork? Network, string? HostName, bool Allow, IReadOnlyDictionary<string, string> Variables, string Text)
{
    /// <summary>How specific the rule is (prefix bits; host names above every address): the most specific match wins, as with tcprules' lookups.</summary>
    public int Specificity => HostName is not null ? 1000 : Network?.PrefixLength ?? -1;

    public bool Matches(IPAddress address, string? hostName) =>
        HostName is not null
            ? hostName is not null && hostName.Equals(HostName, StringComparison.OrdinalIgnoreCase)
            : Network is not { } network || network.Contains(address);
}
