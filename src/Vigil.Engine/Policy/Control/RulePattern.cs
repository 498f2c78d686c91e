using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Engine.Policy.Control;

/// <summary>
/// A rule's pattern, ready to run. Patterns are .NET regexes, but many are plain words (QMVC's
/// default bad subject is "ILOVEYOU"). A pattern with no regex syntax at all (printable ASCII
/// without any of <c>\ * + ? | { } [ ] ( ) ^ $ . #</c>) is searched as a substring while the input is
/// ASCII: the answer is the regex's own (on ASCII both fold case the same way, A-Z to a-z), and a
/// one-message door builds no regex. Non-ASCII input goes to the regex, built on first need, so
/// its Unicode case equivalences (the Kelvin sign is a k) still apply.
/// </summary>
public sealed class RulePattern
{
    private readonly string _pattern;
    private readonly RegexOptions _options;
    private readonly string? _literal;
    private Regex? _regex;

    private RulePattern(string pattern, RegexOptions options, TimeSpan timeout, string? literal, Regex? regex)
    {
        _pattern = pattern;
        _options = options;
        MatchTimeout = timeout;
        _literal = literal;
        _regex = regex;
    }

    /// <summary>How long one match may run before it counts as timed out.</summary>
    public TimeSpan MatchTimeout { get; }

    /// <summary>True when matching is a substring search for ASCII input.</summary>
    public bool IsLiteral => _literal is not null;

    /// <summary>The pattern as a regex (built now if it was not needed before).</summary>
    public Regex Regex => _regex ??= new Regex(_pattern, _options, MatchTimeout);

    /// <summary>An already built regex.</summary>
    public static RulePattern FromRegex(Regex regex) => new(regex.ToString(), regex.Options, regex.MatchTimeout, null, regex);

    /// <summary>The pattern as a literal, or null when it has regex syntax (build a regex then).</summary>
    /// <param name="options">The options a regex for it would have (only IgnoreCase changes the search).</param>
    public static RulePattern? TryLiteral(string pattern, RegexOptions options, TimeSpan timeout) =>
        IsPlainText(pattern) ? new RulePattern(pattern, options, timeout, pattern, null) : null;

    /// <summary>Whether the pattern matches somewhere in <paramref name="input"/>; a regex may throw RegexMatchTimeoutException.</summary>
    public bool IsMatch(string input)
    {
        if (_literal is not null && Ascii.IsValid(input))
        {
            var comparison = (_options & RegexOptions.IgnoreCase) != 0 ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return input.Contains(_literal, comparison);
        }

        return Regex.IsMatch(input);
    }

    public override string ToString() => _pattern;

    private static bool IsPlainText(string pattern)
    {
        foreach (var c in pattern)
        {
            if (c is < ' ' or > '~' or '\\' or '*' or '+' or '?' or '|' or '{' or '}' or '[' or ']' or '(' or ')' or '^' or '$' or '.' or '#')
            {
                return false;
            }
        }

        return true;
    }
}
