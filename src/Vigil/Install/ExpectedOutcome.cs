using Vigil.Doors.Queue;
using Vigil.Engine.Dispositions.Actions;

namespace Vigil.Install;

/// <summary>What each door shows for each action, and whether an observation matches it.</summary>
public static class ExpectedOutcome
{
    /// <summary>The queue door's answer for <paramref name="action"/> in words.</summary>
    public static string ForQueue(VerdictAction action, string? folder) => action switch
    {
        VerdictAction.Quarantine => $"accepted (exit 0) and kept in the quarantine's {folder}/",
        VerdictAction.Reject => $"refused permanently (exit {QmailQueueExit.PermanentRefusal})",
        VerdictAction.Defer => $"refused temporarily (exit {QmailQueueExit.TemporaryRefusal})",
        VerdictAction.Drop => "accepted and discarded (exit 0)",
        _ => "handed to qmail-queue (exit 0), not quarantined",
    };

    /// <summary>True when the queue door's exit code and quarantine file fit <paramref name="action"/>.</summary>
    /// <param name="foundFolder">The quarantine folder the mail was found in, or null.</param>
    public static bool QueueMatches(VerdictAction action, string? folder, int exitCode, string? foundFolder) => action switch
    {
        VerdictAction.Quarantine => exitCode == 0 && foundFolder is not null && foundFolder == folder,
        VerdictAction.Reject => exitCode == QmailQueueExit.PermanentRefusal,
        VerdictAction.Defer => exitCode == QmailQueueExit.TemporaryRefusal,
        VerdictAction.Drop => exitCode == 0 && (foundFolder is null || foundFolder == folder),
        _ => exitCode == 0 && foundFolder is null,
    };

    /// <summary>qmail-queue's exit codes in words.</summary>
    public static string QueueExit(int code) => code switch
    {
        0 => "exit 0 (accepted)",
        QmailQueueExit.PermanentRefusal => $"exit {code} (permanent refusal: 554)",
        QmailQueueExit.TemporaryRefusal => $"exit {code} (temporary refusal: 451)",
        QmailQueueExit.EnvelopeFormatError => $"exit {code} (envelope format error)",
        QmailQueueExit.ConfigError => $"exit {code} (configuration error)",
        -1 => "did not run",
        _ => $"exit {code}",
    };
}
