namespace Vigil.Store.Reading;

/// <summary>The overview's figures for a range: messages and bytes per node and verdict, and the judging time at the quantiles asked (ms).</summary>
public sealed record MessageTotals(IReadOnlyList<VerdictCount> Verdicts, IReadOnlyList<double> Latency);
