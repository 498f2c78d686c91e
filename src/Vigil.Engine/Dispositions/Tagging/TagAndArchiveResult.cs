using Vigil.Engine.Dispositions.Archive;

namespace Vigil.Engine.Dispositions.Tagging;

/// <summary>What the tag-and-archive step gives the executor.</summary>
/// <param name="AddedHeaders">Header lines for the door to write in front of a delivered message; empty when none.</param>
/// <param name="Archive">What the archive did.</param>
public sealed record TagAndArchiveResult(byte[] AddedHeaders, ArchiveResult Archive)
{
    public static TagAndArchiveResult Nothing { get; } = new([], ArchiveResult.NotSelected);

    /// <summary>True when the message must be deferred (a passed message could not be archived).</summary>
    public bool MustDefer => Archive.MustDefer;
}
