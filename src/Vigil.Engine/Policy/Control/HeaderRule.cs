namespace Vigil.Engine.Policy.Control;

/// <summary>One `badheaders` rule: a header name and a regex matched against each of its values.</summary>
/// <param name="HeaderName">Compared case-insensitively with the message's header names.</param>
/// <param name="Pattern">The pattern as written; empty means "the header is present at all".</param>
public sealed record HeaderRule(string HeaderName, string Pattern, RulePattern Regex, RuleAction? Action, int Line)
{
    /// <summary>The finding's rule, e.g. "badheaders:X-Mailer: ^Bulk".</summary>
    public string Name { get; } = ControlFileNames.BadHeaders + ":" + HeaderName + ": " + Pattern;
}
