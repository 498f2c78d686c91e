namespace Vigil.Store.Quarantine;

/// <summary>What settling a row left 'releasing' did: <see cref="Settled"/>, or why not (no such message, no longer releasing, the database unreachable).</summary>
public sealed record SettleResult(bool Settled, string Detail);
