namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Loads every control file of a profile into a <see cref="PolicySet"/>. Never throws on an
/// admin's mistake: a bad line is reported with file and line and skipped, an unreadable file
/// falls back to its default, and the report says so.
/// </summary>
public static class ControlDirectoryLoader
{
    public static PolicySet Load(ControlLayers layers)
    {
        var report = new ConfigReport(layers);
        foreach (var dir in layers.Directories)
        {
            if (!Directory.Exists(dir))
            {
                report.Warning(dir, "control directory not found");
            }
        }

        // Options and filters first: how patterns are built depends on them.
        var (optionsSource, optionLines) = ControlFileReader.Read(layers, ControlFileNames.Options, report);
        var options = OptionsParser.Parse(optionsSource, optionLines, report);
        report.AddFile(new ConfigFileEntry(optionsSource, options.Values.Count, () => Describe(options)));

        var (filtersSource, filterLines) = ControlFileReader.Read(layers, ControlFileNames.Filters, report);
        var filters = FiltersParser.Parse(filtersSource, filterLines, report);
        report.AddFile(new ConfigFileEntry(filtersSource, filterLines.Count, () => filters.Describe()));

        var factory = new RegexFactory(filters.IgnoreCase, options.RegexTimeout, options.RegexEngine);

        List<PatternRule> Patterns(string name)
        {
            var (source, lines) = ControlFileReader.Read(layers, name, report);
            var rules = PatternListParser.Parse(source, lines, factory, report);
            report.AddFile(new ConfigFileEntry(source, rules.Count, () => Rules(rules.Count)));
            return rules;
        }

        var badSubjects = Patterns(ControlFileNames.BadSubjects);
        var badBodyTexts = Patterns(ControlFileNames.BadBodyTexts);
        var badMimeTypes = Patterns(ControlFileNames.BadMimeTypes);
        var badFileNames = Patterns(ControlFileNames.BadFileNames);

        var (headersSource, headerLines) = ControlFileReader.Read(layers, ControlFileNames.BadHeaders, report);
        var badHeaders = HeaderRulesParser.Parse(headersSource, headerLines, factory, report);
        report.AddFile(new ConfigFileEntry(headersSource, badHeaders.Count, () => Rules(badHeaders.Count)));

        var (attachmentsSource, attachmentLines) = ControlFileReader.Read(layers, ControlFileNames.Attachments, report);
        var attachments = AttachmentsParser.Parse(attachmentsSource, attachmentLines, report);
        report.AddFile(new ConfigFileEntry(attachmentsSource, attachments.Count, () => Rules(attachments.Count)));

        // The `nullsender` file has the options file's key=value form.
        var (nullSenderSource, nullSenderLines) = ControlFileReader.Read(layers, ControlFileNames.NullSender, report);
        var nullSender = NullSenderSettings.From(OptionsParser.Parse(nullSenderSource, nullSenderLines, report));
        report.AddFile(new ConfigFileEntry(nullSenderSource, nullSenderLines.Count, () => nullSender.ToString()));

        return new PolicySet(report)
        {
            NullSender = nullSender,
            Filters = filters,
            Options = options,
            BadSubjects = badSubjects,
            BadBodyTexts = badBodyTexts,
            BadMimeTypes = badMimeTypes,
            BadFileNames = badFileNames,
            BadHeaders = badHeaders,
            Attachments = attachments,
        };
    }

    private static string Rules(int count) => count == 1 ? "1 rule" : $"{count} rules";

    private static string Describe(PolicyOptions o) =>
        $"{o.Values.Count} setting(s); blockexecutables={(o.BlockExecutables ? "yes" : "no")} " +
        $"regextimeout={(int)o.RegexTimeout.TotalMilliseconds} regexengine={o.RegexEngine.ToString().ToLowerInvariant()} " +
        $"maxmessagesize={o.MaxMessageSize} maxattachmentsize={o.MaxAttachmentSize} maxbodyscan={o.MaxBodyScan}";
}
