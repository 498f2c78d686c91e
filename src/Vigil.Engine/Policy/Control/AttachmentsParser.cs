using System.Globalization;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Parses Qmail-Scanner's `attachments` table: TAB-separated rows
/// <code>
///   .exe	0	Executable binary              # the extension, at any size (0 = any)
///   Happy99.exe	10000	Happy99 Trojan      # that exact name, only at exactly 10000 bytes
///   ILOVEYOU	Virus-Subject:	Love Letter  # text in a header (Qmail-Scanner's `Virus-` prefix optional)
/// </code>
/// A row may end with an action marker (<see cref="ActionSuffix"/>). Rows written with spaces
/// instead of TABs are read leniently (name and size are the first two words, the rest is the
/// description) but warned about: Qmail-Scanner itself would misread them.
/// </summary>
internal static class AttachmentsParser
{
    private const string QmailScannerHeaderPrefix = "Virus-";

    public static List<AttachmentRule> Parse(ControlSource source, IReadOnlyList<ControlLine> lines, ConfigReport report)
    {
        var rules = new List<AttachmentRule>(lines.Count);
        foreach (var line in lines)
        {
            if (!ActionSuffix.TrySplit(line.Text, out var text, out var action, out var actionError))
            {
                report.Error(source, line.Number, actionError!);
                continue;
            }

            string[] fields;
            if (text.Contains('\t', StringComparison.Ordinal))
            {
                fields = text.Split('\t', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (fields.Length == 3 && fields[2].Contains('\t', StringComparison.Ordinal))
                {
                    fields[2] = fields[2].Replace('\t', ' ');
                }
            }
            else
            {
                fields = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (fields.Length >= 2)
                {
                    report.Warning(source, line.Number, "fields separated by spaces, not TABs (read as name, size, description)");
                }
            }

            if (fields.Length < 2)
            {
                report.Error(source, line.Number, $"expected 'name-or-.ext<TAB>size<TAB>description', found '{text}'");
                continue;
            }

            var match = fields[0];
            var description = fields.Length > 2 ? fields[2] : "";
            var second = fields[1];
            if (second.EndsWith(':'))
            {
                var header = second[..^1];
                if (header.StartsWith(QmailScannerHeaderPrefix, StringComparison.OrdinalIgnoreCase) && header.Length > QmailScannerHeaderPrefix.Length)
                {
                    header = header[QmailScannerHeaderPrefix.Length..];
                }

                rules.Add(new AttachmentRule(match, AttachmentRuleKind.Header, 0, header, description, action, line.Number));
                continue;
            }

            if (!long.TryParse(second, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                report.Error(source, line.Number, $"size '{second}' is not a number of bytes (0 = any size)");
                continue;
            }

            var kind = match.StartsWith('.') ? AttachmentRuleKind.Extension : AttachmentRuleKind.FileName;
            rules.Add(new AttachmentRule(match, kind, size, null, description, action, line.Number));
        }

        return rules;
    }
}
