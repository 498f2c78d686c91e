namespace Vigil.Server.Smtp;

/// <summary>Decides whether one RCPT is taken in this transaction (relay rules, routes); the session only checks syntax and counts.</summary>
public interface IRecipientPolicy
{
    /// <summary>Null to take <paramref name="recipient"/>; else the refusal (554 5.7.1 relaying, 452 4.5.3 another transaction...).</summary>
    SmtpReply? Check(string recipient, IReadOnlyList<string> accepted);
}
