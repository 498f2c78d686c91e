namespace Vigil.Store.Import;

/// <summary>What importing one file did: lines read, rows added (rows already there are not added again), quarantine states set, malformed lines as "file:line: why".</summary>
public sealed record ImportResult(string Path, ImportFormat Format, long Lines, long Added, long StatesChanged, IReadOnlyList<string> Malformed, long MalformedCount, string? Error);
