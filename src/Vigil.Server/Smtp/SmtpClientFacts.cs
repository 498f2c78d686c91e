using System.Net;
using Vigil.Server.Access;
using Vigil.Server.Hosting;

namespace Vigil.Server.Smtp;

/// <summary>What the listener knows about the client of one session, fixed when it connects.</summary>
public sealed record SmtpClientFacts(IPAddress Address, AccessDecision Access, ServerConfiguration Configuration)
{
    public string AddressText { get; } = (Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address).ToString();
}
