namespace Vigil.Engine.Verdicts;

/// <summary>
/// The lower-case words logs, headers and replies use for verdicts and finding categories
/// ("virus", "policy", ...). Spelled out rather than Enum.ToString(): the first enum name a
/// process asks for makes the runtime build the enum's name table by reflection, a millisecond
/// or two of a one-message door.
/// </summary>
public static class VerdictWords
{
    public static string Word(this FindingCategory category) => category switch
    {
        FindingCategory.Spam => "spam",
        FindingCategory.Error => "error",
        FindingCategory.Limits => "limits",
        FindingCategory.Format => "format",
        FindingCategory.Policy => "policy",
        FindingCategory.Virus => "virus",
        _ => ((int)category).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Word(this VerdictKind kind) => kind switch
    {
        VerdictKind.Clean => "clean",
        VerdictKind.Spam => "spam",
        VerdictKind.Error => "error",
        VerdictKind.Limits => "limits",
        VerdictKind.Format => "format",
        VerdictKind.Policy => "policy",
        VerdictKind.Virus => "virus",
        _ => ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
