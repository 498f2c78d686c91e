namespace Vigil.Engine.Policy.Control;

/// <summary>One control file as loaded: where from, and what it amounted to.</summary>
/// <param name="source">The file read or its built-in default.</param>
/// <param name="ruleCount">Rules (or settings) taken from it.</param>
/// <param name="describe">Makes the short account for `config check` (e.g. "42 rules", the filters in force).</param>
public sealed class ConfigFileEntry(ControlSource source, int ruleCount, Func<string> describe)
{
    private string? _summary;

    public ControlSource Source { get; } = source;

    public int RuleCount { get; } = ruleCount;

    /// <summary>
    /// The account, made on first use: only `config check` reads it, and formatting it (enum
    /// names, a record's members) is a noticeable part of a one-message door's start-up.
    /// </summary>
    public string Summary => _summary ??= describe();
}
