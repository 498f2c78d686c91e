using System.Text.RegularExpressions;
using Vigil.Engine.Judging;

namespace Vigil.Engine.Dispositions.Archive;

/// <summary>The archive configuration of one policy snapshot (see <see cref="ArchiveOptions"/>).</summary>
/// <param name="Directory">The archive Maildir.</param>
/// <param name="Scope">Which envelopes `archive=` selects.</param>
/// <param name="Pattern">The envelope regex for <see cref="ArchiveScope.Matching"/>; null when it did not compile.</param>
/// <param name="Blocked">Also archive selected mail that is quarantined, rejected or dropped.</param>
/// <param name="DeferOnFailure">A passed message that cannot be archived is deferred (the default).</param>
/// <param name="Error">A configuration error; archiving that depends on it fails (and defers) rather than guess.</param>
public sealed record ArchiveSettings(string Directory, ArchiveScope Scope, Regex? Pattern, bool Blocked, bool DeferOnFailure, string? Error)
{
    public static ArchiveSettings Off { get; } = new(ArchiveOptions.DefaultDirectory, ArchiveScope.None, null, false, true, null);

    /// <summary>
    /// True when `archive=` selects this envelope. A regex that runs out of time counts as a match:
    /// for compliance archiving an extra copy is better than a missing one.
    /// </summary>
    public bool Selects(Envelope envelope)
    {
        switch (Scope)
        {
            case ArchiveScope.All:
                return true;
            case ArchiveScope.None:
                return false;
        }

        return Pattern is not null && PatternSelects(Pattern, envelope);
    }

    // Apart from Selects, so deciding "archive nothing" does not load the regex library.
    private static bool PatternSelects(Regex pattern, Envelope envelope)
    {
        try
        {
            if (envelope.Sender is { } sender && pattern.IsMatch(sender))
            {
                return true;
            }

            foreach (var r in envelope.Recipients)
            {
                if (pattern.IsMatch(r))
                {
                    return true;
                }
            }

            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }
}
