using System.Globalization;
using System.Text;
using Vigil.Engine.Judging;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// The placeholder values of one blocked message, every one taken from the message already
/// sanitised (no line breaks, no control characters, capped), so no template can be made to
/// carry injected headers or body lines. {findings} is the only multi-line value, built here one
/// sanitised line per finding.
/// </summary>
public sealed class TemplateValues
{
    public const int MaxFindingsListed = 20;
    public const int MaxRecipientsListed = 20;

    private readonly Dictionary<string, string> _values;

    private TemplateValues(Dictionary<string, string> values)
    {
        _values = values;
    }

    public static TemplateValues From(Judgement result, Envelope envelope, string respMail, DateTimeOffset now)
    {
        var analysis = result.Analysis;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sender"] = MailAddressText.ForDisplay(envelope.Sender),
            ["recipients"] = Recipients(envelope.Recipients),
            ["subject"] = HeaderText.Sanitize(analysis?.Subject),
            ["verdict"] = result.Verdict.Word,
            ["findings"] = Findings(result.Verdict.Findings),
            ["date"] = Rfc5322Date(now),
            ["id"] = HeaderText.Sanitize(analysis is null ? null : MessageHeaders.MessageId(analysis.Root.Headers)),
            ["respmail"] = HeaderText.Sanitize(respMail),
        };
        return new TemplateValues(values);
    }

    public string this[string name] => _values.TryGetValue(name, out var v) ? v : "";

    /// <summary>A date as RFC 5322 writes it, in UTC ("Tue, 04 Mar 2025 09:05:00 +0000").</summary>
    public static string Rfc5322Date(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Replaces {name} placeholders; text in braces that is no placeholder stays as written.</summary>
    public string Fill(string template)
    {
        var sb = new StringBuilder(template.Length + 256);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, open - i);
            var close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                sb.Append(template, open, template.Length - open);
                break;
            }

            var name = template[(open + 1)..close];
            if (_values.TryGetValue(name, out var value))
            {
                sb.Append(value);
                i = close + 1;
            }
            else
            {
                sb.Append('{');
                i = open + 1;
            }
        }

        return sb.ToString();
    }

    private static string Recipients(IReadOnlyList<string> recipients)
    {
        if (recipients.Count == 0)
        {
            return "(none)";
        }

        var sb = new StringBuilder();
        var shown = Math.Min(recipients.Count, MaxRecipientsListed);
        for (var i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(MailAddressText.ForDisplay(recipients[i]));
        }

        if (recipients.Count > shown)
        {
            sb.Append(CultureInfo.InvariantCulture, $" (+{recipients.Count - shown})");
        }

        return sb.ToString();
    }

    private static string Findings(IReadOnlyList<Finding> findings)
    {
        var sb = new StringBuilder();
        var shown = 0;
        foreach (var f in findings)
        {
            if (shown == MaxFindingsListed)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  ... {findings.Count - shown} more\n");
                break;
            }

            sb.Append("  - ").Append(f.Category.Word()).Append(": ").Append(HeaderText.Sanitize(f.Rule, 120));
            var detail = HeaderText.Sanitize(f.Detail, 160);
            if (detail.Length > 0)
            {
                sb.Append(" (").Append(detail).Append(')');
            }

            var part = HeaderText.Sanitize(f.PartPath, 120);
            if (part.Length > 0)
            {
                sb.Append(" in part ").Append(part);
            }

            sb.Append('\n');
            shown++;
        }

        return sb.ToString().TrimEnd('\n');
    }
}
