namespace Vigil.Engine.Policy.Control;

/// <summary>One regex rule from a pattern file (`badsubjects`, `badbodytexts`, `badmimetypes`, `badfilenames`).</summary>
/// <param name="File">The control file name; with the pattern it makes the finding's rule.</param>
/// <param name="Pattern">The pattern as written (without any action marker).</param>
/// <param name="Regex">The pattern ready to run.</param>
/// <param name="Action">The rule's own action, or null for the category default.</param>
/// <param name="Line">Line in its file.</param>
public sealed record PatternRule(string File, string Pattern, RulePattern Regex, RuleAction? Action, int Line)
{
    /// <summary>The finding's rule, e.g. "badfilenames:\.zip$".</summary>
    public string Name { get; } = File + ":" + Pattern;
}
