using Vigil.Server.Smtp;

namespace Vigil.Server.Relay;

/// <summary>How a relay attempt ended: the next hop's own reply when it gave one, else our 451.</summary>
public sealed record RelayResult(bool Accepted, SmtpReply Reply, string Detail);
