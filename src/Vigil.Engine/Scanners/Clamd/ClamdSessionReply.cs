namespace Vigil.Engine.Scanners.Clamd;

/// <summary>What one request in a <see cref="ClamdSession"/> gave.</summary>
/// <param name="Result">The verdict or the failure.</param>
/// <param name="Reusable">The session may carry the next request (a clean or infected verdict).</param>
/// <param name="IsBroken">The session was closed before any reply: send again on a fresh connection.</param>
internal sealed record ClamdSessionReply(ClamdResult Result, bool Reusable, bool IsBroken)
{
    public static ClamdSessionReply Broken(string detail) => new(ClamdResult.Error(detail), false, true);
}
