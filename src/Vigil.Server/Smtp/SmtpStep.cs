namespace Vigil.Server.Smtp;

/// <summary>A command's reply and what follows it.</summary>
public readonly record struct SmtpStep(SmtpReply Reply, SmtpAction Action = SmtpAction.None);
