namespace Vigil.Engine.Policy.Control;

/// <summary>
/// The per-rule action. Any rule line (a pattern, a `badheaders` line, an `attachments` row) may
/// end with whitespace (a space or TAB), `=>`, and one action word:
/// <code>
///   \.zip$ => monitor
///   .exe	0	Executable binary	=> reject
/// </code>
/// Actions: quarantine, reject, defer (alias greylist, Qmail-Scanner's word), drop, monitor. Without one, the rule carries no action and
/// the door applies its category's default. The marker must be the last thing on the line and
/// must be preceded by whitespace, so `=>` inside a pattern (`a=>b`, `=> \d+`) stays pattern text;
/// a pattern that must end in a literal " => word" writes `=\>` (an escaped `>` is the same
/// character to the regex engine). An unknown word after the marker is an error, never silently
/// part of the pattern.
/// </summary>
internal static class ActionSuffix
{
    /// <summary>Splits a trimmed line into its rule text and action.</summary>
    /// <returns>False (with <paramref name="error"/>) when the marker names no known action.</returns>
    public static bool TrySplit(string line, out string rule, out RuleAction? action, out string? error)
    {
        rule = line;
        action = null;
        error = null;
        // A span search: string.LastIndexOf(string, Ordinal) goes through CompareInfo, whose set-up
        // costs a one-message door a few ms.
        var marker = line.AsSpan().LastIndexOf("=>");
        if (marker <= 0 || !char.IsWhiteSpace(line[marker - 1]))
        {
            return true;
        }

        var word = line.AsSpan(marker + 2).Trim();
        foreach (var c in word)
        {
            if (!char.IsAsciiLetter(c))
            {
                return true; // not an action marker: pattern text that happens to hold "=>"
            }
        }

        rule = line[..marker].TrimEnd();
        action = Parse(word);
        if (action is null)
        {
            error = word.IsEmpty
                ? "'=>' without an action (quarantine, reject, defer or greylist, drop, monitor); write =\\> for a literal =>"
                : $"unknown action '{word}' (quarantine, reject, defer or greylist, drop, monitor); write =\\> for a literal =>";
            return false;
        }

        return true;
    }

    private static RuleAction? Parse(ReadOnlySpan<char> word)
    {
        Span<char> lower = stackalloc char[16];
        if (word.Length > lower.Length)
        {
            return null;
        }

        var n = word.ToLowerInvariant(lower);
        return lower[..n] switch
        {
            "quarantine" => RuleAction.Quarantine,
            "reject" => RuleAction.Reject,
            "defer" or "greylist" => RuleAction.Defer,
            "drop" => RuleAction.Drop,
            "monitor" => RuleAction.Monitor,
            _ => null,
        };
    }
}
