using System.Text.RegularExpressions;

namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Builds every rule pattern of one load the same way: .NET syntax, culture-invariant, case-blind
/// when the `ignorecase` filter is on, bounded by `regextimeout`, run by the engine `regexengine`
/// names (see <see cref="RegexEngineChoice"/> for why not Compiled). A pattern that is plain text
/// becomes a substring search with the same answers (<see cref="RulePattern"/>).
/// </summary>
internal sealed class RegexFactory
{
    // No field of a regex type: a policy of plain words never loads the regex library.
    private readonly TimeSpan _timeout;
    private readonly RegexEngineChoice _engine;

    public RegexFactory(bool ignoreCase, TimeSpan timeout, RegexEngineChoice engine)
    {
        IgnoreCase = ignoreCase;
        _timeout = timeout;
        _engine = engine;
    }

    /// <summary>Whether patterns ignore case (the `ignorecase` filter).</summary>
    public bool IgnoreCase { get; }

    /// <summary>How long one match may run.</summary>
    public TimeSpan Timeout => _timeout;

    private RegexOptions Options => RegexOptions.CultureInvariant | (IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);

    /// <summary>The pattern ready to run, or null with the parser's explanation.</summary>
    public RulePattern? Create(string pattern, out string? error, out string? warning)
    {
        error = null;
        warning = null;
        if (RulePattern.IsPlainText(pattern))
        {
            return RulePattern.Literal(pattern, this);
        }

        return CreateRegex(pattern, out error, out warning) is { } regex ? RulePattern.FromRegex(regex) : null;
    }

    /// <summary>The regex of a plain-text pattern, for input the substring search does not cover (such a pattern always parses).</summary>
    public Regex BuildLiteral(string pattern) =>
        CreateRegex(pattern, out _, out _) ?? throw new InvalidOperationException("a plain-text pattern did not parse: " + pattern);

    private Regex? CreateRegex(string pattern, out string? error, out string? warning)
    {
        error = null;
        warning = null;
        if (_engine == RegexEngineChoice.NonBacktracking)
        {
            try
            {
                return new Regex(pattern, Options | RegexOptions.NonBacktracking, _timeout);
            }
            catch (NotSupportedException ex)
            {
                warning = $"the non-backtracking engine cannot run this pattern ({ex.Message}); using the backtracking engine";
            }
            catch (ArgumentException ex)
            {
                error = Explain(ex);
                return null;
            }
        }

        try
        {
            return new Regex(pattern, Options, _timeout);
        }
        catch (ArgumentException ex)
        {
            error = Explain(ex);
            return null;
        }
    }

    private static string Explain(ArgumentException ex) =>
        ex is RegexParseException parse
            ? $"invalid regex at offset {parse.Offset}: {parse.Error}"
            : "invalid regex: " + ex.Message;
}
