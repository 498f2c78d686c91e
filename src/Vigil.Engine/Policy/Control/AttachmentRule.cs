namespace Vigil.Engine.Policy.Control;

/// <summary>One row of Qmail-Scanner's `attachments` table.</summary>
/// <param name="Match">The first field as written (`.exe`, `Happy99.exe`, `ILOVEYOU`).</param>
/// <param name="Kind">How <paramref name="Match"/> is compared.</param>
/// <param name="Size">Exact decoded size the file must have; 0 for any size.</param>
/// <param name="HeaderName">For <see cref="AttachmentRuleKind.Header"/> rows, the header searched.</param>
/// <param name="Description">The third field, for logs and notifications.</param>
public sealed record AttachmentRule(
    string Match,
    AttachmentRuleKind Kind,
    long Size,
    string? HeaderName,
    string Description,
    RuleAction? Action,
    int Line)
{
    /// <summary>The finding's rule, e.g. "attachments:.exe".</summary>
    public string Name { get; } = ControlFileNames.Attachments + ":" + Match;

    /// <summary>
    /// True when <paramref name="fileName"/> is banned by this row (file-name rows only). Names
    /// compare case-insensitively, as Windows opens them; an exact name also matches the last
    /// component of an archive member's path.
    /// </summary>
    public bool MatchesName(string fileName)
    {
        if (Kind == AttachmentRuleKind.Extension)
        {
            return fileName.EndsWith(Match, StringComparison.OrdinalIgnoreCase);
        }

        if (Kind != AttachmentRuleKind.FileName)
        {
            return false;
        }

        var slash = fileName.AsSpan().LastIndexOfAny('/', '\\');
        return fileName.AsSpan(slash + 1).Equals(Match, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the size condition holds (always for size 0).</summary>
    public bool MatchesSize(long size, long? declaredSize) =>
        Size == 0 || size == Size || declaredSize == Size;
}
