using System.Net;
using Vigil.Server.Access;
using Vigil.Server.Hosting;

namespace Vigil.Server.Smtp;

/// <summary>What the listener knows about the client of one session, fixed when it connects.</summary>
public sealed record SmtpClientFacts(IPAddress Address, AccessDecision Access, ServerConfiguration Configuration)
{
    public string AddressText { get; } = (Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address).ToString();

    /// <summary>The client's host name when one is known (XCLIENT/XFORWARD NAME); Vigil does no DNS lookups of its own.</summary>
    public string? Name { get; init; }

    /// <summary>True once STARTTLS made the session's connection a TLS one.</summary>
    public bool Tls { get; init; }

    /// <summary>
    /// True when the client may say who the real client is (XCLIENT, XFORWARD): its `tcp.smtp` rule
    /// sets <see cref="AccessDecision.ForwardingVariable"/>. Decided by the connecting address only.
    /// </summary>
    public bool MayForward => Access.Variables.TryGetValue(AccessDecision.ForwardingVariable, out var v) && v.Length > 0 && v != "0";
}
