namespace Vigil.Engine.Analysis.Archives;

/// <summary>Who expands a format: Vigil's own readers, the SharpCompress library, or nobody (reported unreadable).</summary>
public enum ArchiveOpener
{
    None,
    Native,
    Library,
}
