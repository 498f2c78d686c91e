namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>The result of handing one notification on; never an exception.</summary>
/// <param name="Outcome">Sent, or how it failed.</param>
/// <param name="Detail">The last reply or the problem, for the log.</param>
public sealed record SendResult(SendOutcome Outcome, string Detail)
{
    public bool IsSent => Outcome == SendOutcome.Sent;

    public static SendResult Sent(string detail) => new(SendOutcome.Sent, detail);

    public static SendResult Temporary(string detail) => new(SendOutcome.TemporaryFailure, detail);

    public static SendResult Permanent(string detail) => new(SendOutcome.PermanentFailure, detail);
}
