namespace Vigil.Engine.Verdicts;

/// <summary>The lower-case words logs, headers and replies use for verdicts and finding categories ("virus", "policy", ...).</summary>
public static class VerdictWords
{
    public static string Word(this FindingCategory category) => category.ToString().ToLowerInvariant();

    public static string Word(this VerdictKind kind) => kind.ToString().ToLowerInvariant();
}
