using Vigil.Engine.Dispositions.Quarantine;

namespace Vigil.Engine.Dispositions.Archive;

/// <summary>A message written into the archive Maildir.</summary>
/// <param name="Reason">Why it was archived.</param>
/// <param name="File">Where it was written.</param>
public sealed record ArchiveRecord(ArchiveReason Reason, MaildirFile File);
