namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// What the second parser (MimeKit) saw of one message and where it disagreed with Vigil's own
/// reading: its parts, and Vigil's MIME parts it did not see. <c>vigil inspect</c> shows both.
/// </summary>
public sealed record SecondParserView(IReadOnlyList<SecondParserPart> Parts, IReadOnlyList<string> OnlyVigil, string? Stopped)
{
    /// <summary>Entities MimeKit's bounded reading (<see cref="SecondParserGate"/>) began before it ended or stopped.</summary>
    public int EntitiesRead { get; init; }

    /// <summary>True when a part, a name or decoded content is seen by one parser only.</summary>
    public bool Disagrees => OnlyVigil.Count > 0 || Parts.Any(p => p.ContentOnlyHere || p.NameOnlyHere);
}
