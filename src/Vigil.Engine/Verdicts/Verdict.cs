namespace Vigil.Engine.Verdicts;

/// <summary>The judgement of one message: every finding, and the worst one's category.</summary>
public sealed class Verdict
{
    public Verdict(IReadOnlyList<Finding> findings)
    {
        Findings = findings;
        Worst = null;
        foreach (var f in findings)
        {
            // Monitor rules log but never block, so they do not make a message unclean.
            if (f.Action == Policy.RuleAction.Monitor)
            {
                continue;
            }

            if (Worst is null || f.Category > Worst.Category)
            {
                Worst = f;
            }
        }

        Kind = Worst is null ? VerdictKind.Clean : ToKind(Worst.Category);
    }

    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The finding that decides the verdict; null when clean.</summary>
    public Finding? Worst { get; }

    public VerdictKind Kind { get; }

    public bool IsClean => Kind == VerdictKind.Clean;

    /// <summary>Lower-case verdict word for output.</summary>
    public string Word => Kind.Word();

    private static VerdictKind ToKind(FindingCategory category) => category switch
    {
        FindingCategory.Virus => VerdictKind.Virus,
        FindingCategory.Policy => VerdictKind.Policy,
        FindingCategory.Format => VerdictKind.Format,
        FindingCategory.Limits => VerdictKind.Limits,
        FindingCategory.Error => VerdictKind.Error,
        _ => VerdictKind.Spam,
    };
}
