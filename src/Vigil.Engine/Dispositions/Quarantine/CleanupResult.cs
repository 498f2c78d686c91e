namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>What a clean-up removed (full paths) and what it could not remove (path: reason).</summary>
public sealed record CleanupResult(IReadOnlyList<string> Removed, IReadOnlyList<string> Failed);
