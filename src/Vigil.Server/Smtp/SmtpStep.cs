namespace Vigil.Server.Smtp;

/// <summary>A command's reply and what follows it (for BDAT, the chunk to read before the reply is sent).</summary>
public readonly record struct SmtpStep(SmtpReply Reply, SmtpAction Action = SmtpAction.None, BdatChunk Chunk = default);
