namespace Vigil.Engine.Dispositions.Archive;

/// <summary>Why a message was archived (written into its X-Vigil-Archive-Reason header).</summary>
public enum ArchiveReason
{
    /// <summary>Passed mail whose envelope `archive=` selects.</summary>
    Envelope,

    /// <summary>A DLP monitor rule matched: delivered, and kept here.</summary>
    Monitor,

    /// <summary>Blocked mail whose envelope `archive=` selects, with `archiveblocked=yes`.</summary>
    Blocked,
}
