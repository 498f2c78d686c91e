using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Scanners.Configuration;

/// <summary>
/// Reads the `scanners` and `noscantypes` control files of a stack of control directories, the
/// same way as the policy files (most specific directory wins, comments and blank lines skipped).
/// Never throws on an admin's mistake: the report and the set say what was wrong, where.
/// </summary>
public static class ScannerConfigLoader
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <param name="report">Where `vigil config check` collects its files and messages; null for none.</param>
    public static ScannerSet Load(ControlLayers layers, ScannerLineParser parser, ConfigReport? report = null)
    {
        report ??= new ConfigReport(layers);
        var firstMessage = report.Messages.Count;

        var (source, lines) = ControlFileReader.Read(layers, ScannerFileNames.Scanners, report);
        var errors = new ConfigErrors();
        var scanners = parser.Parse(source.Display, lines, errors);
        Copy(errors, source, report);
        report.AddFile(new ConfigFileEntry(source, scanners.Count, () => Describe(scanners)));

        var (typesSource, typeLines) = ControlFileReader.Read(layers, ScannerFileNames.NoScanTypes, report);
        var noScanTypes = Patterns(typesSource, typeLines, report);
        report.AddFile(new ConfigFileEntry(typesSource, noScanTypes.Count, () => noScanTypes.Count == 1 ? "1 type" : $"{noScanTypes.Count} types"));

        var messages = new List<ConfigMessage>();
        for (var i = firstMessage; i < report.Messages.Count; i++)
        {
            messages.Add(report.Messages[i]);
        }

        return new ScannerSet(scanners, noScanTypes, messages);
    }

    private static List<RulePattern> Patterns(ControlSource source, List<ControlLine> lines, ConfigReport report)
    {
        // Detected type ids and descriptions are ours, not the sender's, so case-blind is harmless.
        var factory = new RegexFactory(ignoreCase: true, PatternTimeout, RegexEngineChoice.Backtracking);
        var patterns = new List<RulePattern>(lines.Count);
        foreach (var line in lines)
        {
            var regex = factory.Create(line.Text, out var error, out var warning);
            if (warning is not null)
            {
                report.Warning(source, line.Number, warning);
            }

            if (regex is null)
            {
                report.Error(source, line.Number, $"{error}: {line.Text}");
                continue;
            }

            patterns.Add(regex);
        }

        return patterns;
    }

    private static void Copy(ConfigErrors errors, ControlSource source, ConfigReport report)
    {
        foreach (var m in errors.Messages)
        {
            if (m.Level == ConfigMessageLevel.Error)
            {
                report.Error(source, m.Line, m.Message);
            }
            else
            {
                report.Warning(source, m.Line, m.Message);
            }
        }
    }

    private static string Describe(List<ConfiguredScanner> scanners)
    {
        if (scanners.Count == 0)
        {
            return "no scanners";
        }

        var parts = new List<string>(scanners.Count);
        foreach (var s in scanners)
        {
            parts.Add($"{s.Name} ({(s.Required ? "required" : "optional")})");
        }

        return string.Join(", ", parts);
    }
}
