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
    private readonly RegexOptions _options;
    private readonly TimeSpan _timeout;
    private readonly RegexEngineChoice _engine;

    public RegexFactory(bool ignoreCase, TimeSpan timeout, RegexEngineChoice engine)
    {
        _options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        _timeout = timeout;
        _engine = engine;
    }

    /// <summary>The pattern ready to run, or null with the parser's explanation.</summary>
    public RulePattern? Create(string pattern, out string? error, out string? warning)
    {
        error = null;
        warning = null;
        var engineOptions = _engine == RegexEngineChoice.NonBacktracking ? RegexOptions.NonBacktracking : RegexOptions.None;
        if (RulePattern.TryLiteral(pattern, _options | engineOptions, _timeout) is { } literal)
        {
            return literal;
        }

        return CreateRegex(pattern, out error, out warning) is { } regex ? RulePattern.FromRegex(regex) : null;
    }

    private Regex? CreateRegex(string pattern, out string? error, out string? warning)
    {
        error = null;
        warning = null;
        if (_engine == RegexEngineChoice.NonBacktracking)
        {
            try
            {
                return new Regex(pattern, _options | RegexOptions.NonBacktracking, _timeout);
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
            return new Regex(pattern, _options, _timeout);
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
