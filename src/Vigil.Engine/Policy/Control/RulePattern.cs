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
    private readonly RegexFactory? _literalOf;
    private Regex? _regex;

    private RulePattern(string pattern, TimeSpan timeout, RegexFactory? literalOf, Regex? regex)
    {
        _pattern = pattern;
        MatchTimeout = timeout;
        _literalOf = literalOf;
        _regex = regex;
    }

    /// <summary>How long one match may run before it counts as timed out.</summary>
    public TimeSpan MatchTimeout { get; }

    /// <summary>True when matching is a substring search for ASCII input.</summary>
    public bool IsLiteral => _literalOf is not null;

    /// <summary>The pattern as a regex (built now if it was not needed before).</summary>
    public Regex Regex => _regex ??= _literalOf!.BuildLiteral(_pattern);

    /// <summary>An already built regex.</summary>
    public static RulePattern FromRegex(Regex regex) => new(regex.ToString(), regex.MatchTimeout, null, regex);

    /// <summary>A plain-text pattern (<see cref="IsPlainText"/>) whose regex, when needed, <paramref name="factory"/> builds.</summary>
    internal static RulePattern Literal(string pattern, RegexFactory factory) => new(pattern, factory.Timeout, factory, null);

    /// <summary>Whether the pattern matches somewhere in <paramref name="input"/>; a regex may throw RegexMatchTimeoutException.</summary>
    public bool IsMatch(string input) => LiteralMatch(input) ?? Regex.IsMatch(input);

    /// <summary>
    /// Like <see cref="IsMatch"/>, with a regex timeout reported in <paramref name="timedOut"/>
    /// (and false returned) instead of thrown. The handler lives in <see cref="RegexMatch"/> so a
    /// caller whose patterns are all literals never loads the regex library for it.
    /// </summary>
    public bool TryMatch(string input, out bool timedOut)
    {
        timedOut = false;
        return LiteralMatch(input) ?? RegexMatch(input, out timedOut);
    }

    /// <summary>The substring search's answer, or null when the regex must answer (not a literal, or non-ASCII input).</summary>
    private bool? LiteralMatch(string input) =>
        _literalOf is not null && Ascii.IsValid(input)
            ? input.Contains(_pattern, _literalOf.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
            : null;

    private bool RegexMatch(string input, out bool timedOut)
    {
        timedOut = false;
        try
        {
            return Regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return false;
        }
    }

    public override string ToString() => _pattern;

    /// <summary>True for printable ASCII without any character that means something to a regex.</summary>
    internal static bool IsPlainText(string pattern)
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
