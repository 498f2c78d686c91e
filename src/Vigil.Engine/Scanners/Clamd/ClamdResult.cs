namespace Vigil.Engine.Scanners.Clamd;

/// <summary>
/// The answer for one scanned stream. Every expected outcome, failures included, is a result, so
/// callers cannot forget one in a catch block.
/// </summary>
/// <param name="Outcome">Clean, infected, over clamd's size limit, or failed.</param>
/// <param name="Detail">The signature name when infected; clamd's reply or the failure otherwise.</param>
/// <param name="Unreachable">The failure happened before clamd accepted the connection.</param>
/// <param name="TimedOut">The failure is the client's own timeout (connect, silence or total).</param>
public sealed record ClamdResult(ClamdOutcome Outcome, string Detail, bool Unreachable = false, bool TimedOut = false)
{
    public static ClamdResult Clean { get; } = new(ClamdOutcome.Clean, "");

    public static ClamdResult Infected(string signature) => new(ClamdOutcome.Infected, signature);

    public static ClamdResult SizeLimit(string reply) => new(ClamdOutcome.SizeLimit, reply);

    public static ClamdResult Error(string message, bool unreachable = false, bool timedOut = false) => new(ClamdOutcome.Error, message, unreachable, timedOut);

    /// <summary>The signature name when infected, else null.</summary>
    public string? Signature => Outcome == ClamdOutcome.Infected ? Detail : null;
}
