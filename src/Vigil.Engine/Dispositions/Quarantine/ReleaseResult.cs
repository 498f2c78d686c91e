namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>The outcome of <see cref="QuarantineStore.ReleaseAsync"/>, with the record as it was before and why it failed.</summary>
public sealed record ReleaseResult(ReleaseOutcome Outcome, QuarantineRecord? Record, string Detail);
