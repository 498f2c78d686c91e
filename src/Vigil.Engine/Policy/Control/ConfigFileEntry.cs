namespace Vigil.Engine.Policy.Control;

/// <summary>One control file as loaded: where from, and what it amounted to.</summary>
/// <param name="Source">The file read or its built-in default.</param>
/// <param name="RuleCount">Rules (or settings) taken from it.</param>
/// <param name="Summary">A short account for `config check` (e.g. "42 rules", the filters in force).</param>
public sealed record ConfigFileEntry(ControlSource Source, int RuleCount, string Summary);
