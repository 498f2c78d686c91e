namespace Vigil.Tests.Doors;

/// <summary>What one `vigil queue` run of the crash test did.</summary>
internal sealed record CrashRun
{
    public required CrashMessage Message { get; init; }

    public required CrashPlan Plan { get; init; }

    public required int ExitCode { get; init; }

    /// <summary>Vigil died of our SIGKILL (exit status 128 + 9); a kill sent after it had exited does not count.</summary>
    public bool Killed => ExitCode == 137;

    /// <summary>At the moment of the kill the stand-in was receiving the message (its temp file existed, nothing stored yet).</summary>
    public bool KilledDuringHandOff { get; init; }

    /// <summary>At the moment of the kill a new file was in the quarantine's tmp/.</summary>
    public bool KilledDuringQuarantineWrite { get; init; }

    /// <summary>Files this run added to any quarantine new/.</summary>
    public required IReadOnlyList<string> NewQuarantineFiles { get; init; }

    /// <summary>The stand-in's record prefix: .message and .envelope exist when qmail-queue queued it.</summary>
    public required string Record { get; init; }

    public bool Queued => File.Exists(Record + ".message");

    public required string Stderr { get; init; }

    public required double ElapsedMs { get; init; }

    public override string ToString() =>
        $"{Message}, {Plan}: exit {ExitCode}{(Killed ? " (killed)" : "")}, queued {Queued}, quarantined {NewQuarantineFiles.Count}, {ElapsedMs:0} ms";
}
