namespace Vigil.Store.Model;

/// <summary>One finding of a row: category word, rule (a virus finding's rule is the signature name), detail.</summary>
public sealed record StoredFinding(string Category, string Rule, string Detail);
