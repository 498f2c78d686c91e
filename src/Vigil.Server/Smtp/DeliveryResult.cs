namespace Vigil.Server.Smtp;

/// <summary>The reply to the final dot and what the transaction log line says about it.</summary>
public sealed record DeliveryResult(SmtpReply Reply, string Outcome, string Reason, string Detail);
