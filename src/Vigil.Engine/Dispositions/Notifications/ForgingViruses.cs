using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Virus families known to forge the sender (a mass-mailer takes the From address from the
/// infected machine's address book, so "the sender" is an innocent third party). A pattern is a
/// case-insensitive substring of the signature name, so "Mydoom" matches "Worm.Mydoom.M",
/// "Win.Worm.Mydoom-9" and "W32/Mydoom.A@mm". The `forgingviruses` control file adds patterns,
/// one per line.
/// </summary>
public sealed class ForgingViruses
{
    /// <summary>Mass-mailing families of the 2000s that Qmail-Scanner's list also knew; still seen in old mail and in tests.</summary>
    public static readonly IReadOnlyList<string> BuiltInPatterns =
    [
        "Mydoom", "Sober", "Netsky", "Bagle", "Beagle", "Klez", "Sobig", "Bugbear", "Mimail", "Lovgate",
        "Zafi", "Dumaru", "Swen", "Yaha", "Fizzer", "Braid", "Frethem", "Palyh", "Mytob", "Nyxem",
        "Zhelatin", "Stration", "Warezov", "Feebs", "Magistr", "Badtrans", "Hybris", "Gibe", "Sircam", "Lovelet",
    ];

    private readonly string[] _patterns;

    public ForgingViruses(IEnumerable<string> patterns)
    {
        var list = new List<string>();
        foreach (var p in patterns)
        {
            var t = p.Trim();
            if (t.Length > 0)
            {
                list.Add(t);
            }
        }

        _patterns = [.. list];
    }

    public static ForgingViruses BuiltIn { get; } = new(BuiltInPatterns);

    public IReadOnlyList<string> Patterns => _patterns;

    /// <summary>The first virus finding whose signature names a forging family, or null.</summary>
    public string? FindForger(IReadOnlyList<Finding> findings)
    {
        foreach (var finding in findings)
        {
            if (finding.Category == FindingCategory.Virus && Matches(finding.Rule))
            {
                return finding.Rule;
            }
        }

        return null;
    }

    public bool Matches(string signature)
    {
        foreach (var p in _patterns)
        {
            if (signature.Contains(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
