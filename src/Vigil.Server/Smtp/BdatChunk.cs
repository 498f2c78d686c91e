namespace Vigil.Server.Smtp;

/// <summary>
/// One BDAT command (RFC 3030 CHUNKING): <see cref="Size"/> octets of the message follow it at once,
/// as they are (no dot-stuffing). Rejected chunks are read and discarded too, so the session stays in
/// step with the client, and then answered with <see cref="Refusal"/>.
/// </summary>
public readonly record struct BdatChunk(long Size, bool Last, SmtpReply? Refusal);
