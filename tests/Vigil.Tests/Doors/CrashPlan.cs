namespace Vigil.Tests.Doors;

/// <summary>When the crash test kills a `vigil queue` run.</summary>
internal enum CrashTrigger
{
    /// <summary>Not at all: the run must end with its normal outcome.</summary>
    None,

    /// <summary>After a random delay from the start (start-up, reading, scanning, anything).</summary>
    AtDelay,

    /// <summary>Once qmail-queue has started receiving the message, plus a small random delay.</summary>
    DuringHandOff,

    /// <summary>Once a file appears in the quarantine's tmp/, plus a small random delay.</summary>
    DuringQuarantineWrite,
}

/// <summary>
/// How one run is killed. <see cref="WholeGroup"/>: SIGKILL to vigil's process group, so the
/// qmail-queue it started dies too; otherwise vigil alone dies (as the OOM killer would do it) and
/// the orphaned qmail-queue must notice the missing envelope. Either way qmail-smtpd, which waits
/// for vigil's pid only, sees it killed by a signal and answers 451.
/// </summary>
internal sealed record CrashPlan(CrashTrigger Trigger, double DelayMs, bool WholeGroup)
{
    public override string ToString() =>
        Trigger == CrashTrigger.None ? "no kill" : $"{Trigger} +{DelayMs:0.#} ms, kill {(WholeGroup ? "group" : "vigil only")}";
}
