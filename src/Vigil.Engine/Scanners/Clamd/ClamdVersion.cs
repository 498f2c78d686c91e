namespace Vigil.Engine.Scanners.Clamd;

/// <summary>Reads clamd's VERSION reply: "ClamAV 1.4.3/27000/Mon Jan  5 09:00:00 2026", or just "ClamAV 1.4.3".</summary>
public static class ClamdVersion
{
    /// <returns>The engine ("ClamAV 1.4.3") and, when present, the signatures ("27000 (Mon Jan  5 09:00:00 2026)").</returns>
    public static (string Engine, string? Signatures) Split(string reply)
    {
        var slash = reply.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (reply.Trim(), null);
        }

        var engine = reply[..slash].Trim();
        var rest = reply[(slash + 1)..];
        var second = rest.IndexOf('/', StringComparison.Ordinal);
        var signatures = second < 0 ? rest.Trim() : $"{rest[..second].Trim()} ({rest[(second + 1)..].Trim()})";
        return (engine, signatures.Length == 0 ? null : signatures);
    }
}
