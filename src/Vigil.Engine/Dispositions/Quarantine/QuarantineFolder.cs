using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>The quarantine Maildir folders, named as Qmail-Scanner names them.</summary>
public static class QuarantineFolder
{
    public const string Viruses = "viruses";
    public const string Policy = "policy";
    public const string Spam = "spam";

    /// <summary>The folders Vigil writes, lists and cleans.</summary>
    public static IReadOnlyList<string> All { get; } = [Viruses, Policy, Spam];

    /// <summary>virus → viruses, policy/format/limits → policy, spam → spam; null for `error` (never quarantined).</summary>
    public static string? For(FindingCategory category) => category switch
    {
        FindingCategory.Virus => Viruses,
        FindingCategory.Policy or FindingCategory.Format or FindingCategory.Limits => Policy,
        FindingCategory.Spam => Spam,
        _ => null,
    };

    /// <summary>True for one of <see cref="All"/>; anything else is refused as a folder (it would become a path).</summary>
    public static bool IsKnown(string folder)
    {
        foreach (var f in All)
        {
            if (string.Equals(f, folder, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
