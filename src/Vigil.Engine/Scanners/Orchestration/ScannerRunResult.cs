namespace Vigil.Engine.Scanners.Orchestration;

/// <summary>How one scanner's run on one message ended, as the store and the dashboard's health table count it.</summary>
public enum ScannerRunResult : byte
{
    /// <summary>An answer with nothing found.</summary>
    Clean = 0,

    /// <summary>An answer with a finding (a virus, spam, a policy hit the scanner reports).</summary>
    Found = 1,

    /// <summary>No usable answer: unreachable, refused, a broken reply, a fault in our client.</summary>
    Error = 2,

    /// <summary>No answer within the scanner's timeout.</summary>
    Timeout = 3,

    /// <summary>
    /// Not run to an answer, and not a failure: cancelled because another scanner already found a
    /// virus (earlyquitonvirus), or not asked (a spam check over its size limit). Says nothing of
    /// its health and is left out of its time.
    /// </summary>
    Stopped = 4,
}
