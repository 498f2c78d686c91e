namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>What a release did.</summary>
public enum ReleaseOutcome
{
    /// <summary>Re-injected; the file is now in cur/ with the Maildir flag P.</summary>
    Released,

    /// <summary>No quarantined message has that id.</summary>
    NotFound,

    /// <summary>Released before (flag P): not sent again.</summary>
    AlreadyReleased,

    /// <summary>The file names no envelope recipient (or is not a Vigil quarantine file).</summary>
    NoRecipients,

    /// <summary>The mail system refused it; the message stays where it was.</summary>
    Failed,

    /// <summary>
    /// Only its node holds the message (a PostgreSQL store kept no copy: bigger than
    /// store-quarantine-max): the release is recorded and that node sends it at its next sync.
    /// </summary>
    Requested,

    /// <summary>Another node's release of it was requested before and is still to be carried out: not asked again.</summary>
    AlreadyRequested,
}
