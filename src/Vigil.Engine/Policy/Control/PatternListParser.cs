namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Parses a pattern file: one .NET regex per line, optionally ending in an action marker
/// (<see cref="ActionSuffix"/>). Surrounding whitespace is not part of a pattern; write `\x20`
/// or `[ ]` for a space at either end. A bad line is reported with its line number and skipped;
/// the rest of the file still loads.
/// </summary>
internal static class PatternListParser
{
    public static List<PatternRule> Parse(ControlSource source, IReadOnlyList<ControlLine> lines, RegexFactory factory, ConfigReport report)
    {
        var rules = new List<PatternRule>(lines.Count);
        foreach (var line in lines)
        {
            if (!ActionSuffix.TrySplit(line.Text, out var pattern, out var action, out var actionError))
            {
                report.Error(source, line.Number, actionError!);
                continue;
            }

            if (pattern.Length == 0)
            {
                report.Error(source, line.Number, "empty pattern (it would match everything)");
                continue;
            }

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

            rules.Add(new PatternRule(source.Name, pattern, regex, action, line.Number));
        }

        return rules;
    }
}
