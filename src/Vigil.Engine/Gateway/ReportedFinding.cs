namespace Vigil.Engine.Gateway;

/// <summary>One finding of an <see cref="OutcomeReport"/>: category word, rule, detail, part path, action word ("" for the category's default).</summary>
public sealed record ReportedFinding(string Category, string Rule, string Detail, string Part, string Action);
