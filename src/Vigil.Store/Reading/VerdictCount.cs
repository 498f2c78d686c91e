namespace Vigil.Store.Reading;

/// <summary>Messages (distinct message keys) and their bytes with one verdict, on one node (null: all nodes).</summary>
public sealed record VerdictCount(string? Node, string Verdict, long Messages, long Bytes);
