namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Parses `badheaders`: `Header-Name: regex` per line, matched against the unfolded values of
/// that header on the top-level message. `X-Spam-Flag: ^YES` blocks a value; `X-Bad:` with no
/// pattern blocks the header's mere presence. An action marker may end the line.
/// </summary>
internal static class HeaderRulesParser
{
    public static List<HeaderRule> Parse(ControlSource source, IReadOnlyList<ControlLine> lines, RegexFactory factory, ConfigReport report)
    {
        var rules = new List<HeaderRule>(lines.Count);
        foreach (var line in lines)
        {
            if (!ActionSuffix.TrySplit(line.Text, out var text, out var action, out var actionError))
            {
                report.Error(source, line.Number, actionError!);
                continue;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? text[..colon].Trim() : "";
            if (colon <= 0 || !IsHeaderName(name))
            {
                report.Error(source, line.Number, $"expected 'Header-Name: regex', found '{text}'");
                continue;
            }

            var pattern = text[(colon + 1)..].Trim();
            var regex = factory.Create(pattern, out var error, out var warning);
            if (warning is not null)
            {
                report.Warning(source, line.Number, warning);
            }

            if (regex is null)
            {
                report.Error(source, line.Number, $"{error}: {pattern}");
                continue;
            }

            rules.Add(new HeaderRule(name, pattern, regex, action, line.Number));
        }

        return rules;
    }

    /// <summary>RFC 5322 field name: printable ASCII except colon and space.</summary>
    private static bool IsHeaderName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is < '!' or > '~' or ':')
            {
                return false;
            }
        }

        return true;
    }
}
