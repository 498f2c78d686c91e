using Vigil.Engine.Scanners.Spamd;

namespace Vigil.Engine.Scanners.Rspamd;

/// <summary>The answer for one message. Failures are results too, never exceptions.</summary>
/// <param name="Score">The judgement, or null when rspamd gave none.</param>
/// <param name="Action">rspamd's own action ("no action", "add header", "reject", ...), "" on failure.</param>
/// <param name="Detail">rspamd's SMTP message if any; the failure otherwise.</param>
/// <param name="Unreachable">The failure happened before rspamd accepted the connection.</param>
/// <param name="TimedOut">The failure is the client's own timeout.</param>
public sealed record RspamdResult(SpamScore? Score, string Action, string Detail, bool Unreachable = false, bool TimedOut = false)
{
    public bool Failed => Score is null;

    public static RspamdResult Error(string message, bool unreachable = false, bool timedOut = false) => new(null, "", message, unreachable, timedOut);
}
