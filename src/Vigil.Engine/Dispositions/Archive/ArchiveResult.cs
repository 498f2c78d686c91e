namespace Vigil.Engine.Dispositions.Archive;

/// <summary>What the archive step did with one message.</summary>
/// <param name="Record">The archived copy; null when nothing was archived (not selected, or failed).</param>
/// <param name="Failure">Why a selected message could not be archived; null otherwise.</param>
/// <param name="MustDefer">True when the failure must turn the answer into a temporary refusal.</param>
public sealed record ArchiveResult(ArchiveRecord? Record, string? Failure, bool MustDefer)
{
    public static ArchiveResult NotSelected { get; } = new(null, null, false);
}
