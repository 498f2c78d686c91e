using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Policy;

/// <summary>
/// One loaded, immutable policy: the filters in force, the options and every rule, compiled once
/// per load, plus the report of how it was loaded. Safe to share between threads.
/// </summary>
public sealed class PolicySet
{
    private static readonly Lazy<PolicySet> BuiltInLazy = new(() => ControlDirectoryLoader.Load(ControlLayers.None));

    internal PolicySet(ConfigReport report)
    {
        Report = report;
    }

    /// <summary>The policy with every file at its built-in default.</summary>
    public static PolicySet BuiltIn => BuiltInLazy.Value;

    public ConfigReport Report { get; }

    public FilterSettings Filters { get; init; } = FilterSettings.Default;

    public PolicyOptions Options { get; init; } = PolicyOptions.Default;

    public IReadOnlyList<PatternRule> BadSubjects { get; init; } = [];

    public IReadOnlyList<PatternRule> BadBodyTexts { get; init; } = [];

    public IReadOnlyList<PatternRule> BadMimeTypes { get; init; } = [];

    public IReadOnlyList<PatternRule> BadFileNames { get; init; } = [];

    public IReadOnlyList<HeaderRule> BadHeaders { get; init; } = [];

    public IReadOnlyList<AttachmentRule> Attachments { get; init; } = [];

    /// <summary>What to do with mail from the null sender (the `nullsender` file).</summary>
    public NullSenderSettings NullSender { get; init; } = NullSenderSettings.Default;
}
