namespace Vigil.Engine.Dispositions.Logging;

/// <summary>Who null-sender mail says it is from (its From: address) and whether it is a bounce (see <see cref="NullSenderLabel"/>).</summary>
public sealed record NullSenderOrigin(string From, bool IsBounce);
