namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// One leaf as MimeKit reads it: its position (IMAP-style, as Vigil numbers parts), declared type,
/// file name, decoded size, the fingerprint of its decoded content, and whether Vigil saw neither
/// that content nor that name anywhere in its own tree.
/// </summary>
public sealed record SecondParserPart(string Path, string Type, string? FileName, long Size, string Fingerprint, bool ContentOnlyHere, bool NameOnlyHere)
{
    /// <summary>The path of the entity added to Vigil's tree for a part only MimeKit sees, else null.</summary>
    public string? AddedAs { get; init; }
}
