namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Parses the `filters` control file. Syntax, one setting per line:
/// <code>
///   subject            # a bare word turns that check on
///   body=yes           # word=value sets it: yes/no, y/n, true/false, on/off, 1/0
///   encryptedarchives=no
/// </code>
/// Words: subject, body, mimetype, filename, headers, format, archives, ignorecase,
/// encryptedarchives, unreadablearchives (QMVC's plural spellings `mimetypes`, `filenames`, `subjects` are accepted).
/// Lines change the built-in defaults (subject, mimetype, filename, headers, format, archives and
/// ignorecase, unreadablearchives on; body and encryptedarchives off) rather than starting from nothing, so a file that
/// only says `body=yes` does not silently switch every other check off; to turn a check off, say
/// `word=no`. `config check` prints the filters in force.
/// </summary>
internal static class FiltersParser
{
    public static FilterSettings Parse(ControlSource source, IReadOnlyList<ControlLine> lines, ConfigReport report)
    {
        var settings = FilterSettings.Default;
        foreach (var line in lines)
        {
            var text = line.Text;
            var value = true;
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                var valueText = text[(eq + 1)..];
                text = text[..eq].Trim();
                if (!YesNo.TryParse(valueText, out value))
                {
                    report.Error(source, line.Number, $"'{valueText.Trim()}' is not yes or no for filter '{text}'");
                    continue;
                }
            }

            var updated = Apply(settings, text.ToLowerInvariant(), value);
            if (updated is null)
            {
                report.Error(source, line.Number, $"unknown filter '{text}' (known: subject body mimetype filename headers format archives ignorecase encryptedarchives unreadablearchives)");
                continue;
            }

            settings = updated;
        }

        return settings;
    }

    private static FilterSettings? Apply(FilterSettings s, string word, bool value) => word switch
    {
        "subject" or "subjects" => s with { Subject = value },
        "body" or "bodytext" or "bodytexts" => s with { Body = value },
        "mimetype" or "mimetypes" => s with { MimeType = value },
        "filename" or "filenames" => s with { FileName = value },
        "headers" or "header" => s with { Headers = value },
        "format" => s with { Format = value },
        "archives" or "archive" => s with { Archives = value },
        "ignorecase" => s with { IgnoreCase = value },
        "encryptedarchives" => s with { EncryptedArchives = value },
        "unreadablearchives" => s with { UnreadableArchives = value },
        _ => null,
    };
}
