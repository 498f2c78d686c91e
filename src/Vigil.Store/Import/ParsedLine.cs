using Vigil.Store.Model;

namespace Vigil.Store.Import;

/// <summary>What one imported line gave: rows, a quarantine state change, nothing (a blank line), or an error.</summary>
public sealed record ParsedLine(IReadOnlyList<StoreRow> Rows, QuarantineStateChange? StateChange, string? Error)
{
    public static ParsedLine Nothing { get; } = new([], null, null);

    public static ParsedLine Of(IReadOnlyList<StoreRow> rows) => new(rows, null, null);

    public static ParsedLine Failed(string error) => new([], null, error);
}
