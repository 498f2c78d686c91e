namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// Builds a scanner whose options parse a plain word list (<c>TryParse(tokens, ...)</c>) from a
/// <c>scanners</c> line: the line's words, then its <c>key=value</c> settings, are handed over as
/// written, so each scanner keeps one parser for its own syntax. `required`/`optional` and the
/// per-scanner timeout stay with the orchestrator.
/// </summary>
public static class TokenLineFactory
{
    /// <summary>The shape of the scanners' own option parsers.</summary>
    public delegate bool TryParse<TOptions>(IReadOnlyList<string> tokens, out TOptions? options, out string? error);

    public static Func<ScannerLine, ConfigErrors, IContentScanner?> For<TOptions>(TryParse<TOptions> parse, Func<TOptions, IContentScanner> create)
        where TOptions : class =>
        (line, errors) =>
        {
            var tokens = new List<string>(line.Arguments);
            foreach (var key in line.Settings.Keys.ToList())
            {
                tokens.Add($"{key}={line.Get(key)}");
            }

            if (!parse(tokens, out var options, out var error) || options is null)
            {
                errors.Error(line, $"{line.Kind}: {error ?? "cannot be read"}");
                return null;
            }

            return create(options);
        };
}
