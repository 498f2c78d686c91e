namespace Vigil.Engine.Scanners.Spamd;

/// <summary>The answer for one message. Failures are results too, never exceptions.</summary>
/// <param name="Outcome">Scored or failed.</param>
/// <param name="Score">The judgement when scored.</param>
/// <param name="Detail">The REPORT text when asked for; the failure otherwise.</param>
/// <param name="Unreachable">The failure happened before spamd accepted the connection.</param>
/// <param name="TimedOut">The failure is the client's own timeout (connect, silence or total).</param>
public sealed record SpamdResult(SpamdOutcome Outcome, SpamScore? Score, string Detail, bool Unreachable = false, bool TimedOut = false)
{
    public static SpamdResult Scored(SpamScore score, string report = "") => new(SpamdOutcome.Scored, score, report);

    public static SpamdResult Error(string message, bool unreachable = false, bool timedOut = false) => new(SpamdOutcome.Error, null, message, unreachable, timedOut);
}
