namespace Vigil.Store.Import;

/// <summary>Which format a file is in, from its first non-blank line.</summary>
public static class FormatDetector
{
    public static ImportFormat Detect(string firstLine)
    {
        if (firstLine.StartsWith('{'))
        {
            return ImportFormat.Spill;
        }

        if (firstLine.Contains(" qmail-scanner[", StringComparison.Ordinal))
        {
            return ImportFormat.QmailScannerSyslog;
        }

        if (firstLine.Contains(" vigil[", StringComparison.Ordinal))
        {
            return ImportFormat.Vigil;
        }

        var fields = firstLine.Split('\t');
        return fields.Length switch
        {
            12 => ImportFormat.Vigil,
            9 when IsQuarantineFolder(fields[2]) => ImportFormat.QuarantineLog,
            >= 8 => ImportFormat.Mailstats,
            _ => ImportFormat.Auto,
        };
    }

    private static bool IsQuarantineFolder(string field) => field is "viruses" or "policy" or "spam";
}
