namespace Vigil.Store.Import;

/// <summary>A quarantined message's new state (quarantine.log's "released" lines).</summary>
public sealed record QuarantineStateChange(string QuarantineId, string State);
