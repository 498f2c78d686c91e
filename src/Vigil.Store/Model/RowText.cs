using System.Globalization;
using System.Text;

namespace Vigil.Store.Model;

/// <summary>The one-column summaries of a row's findings ("category:rule; ...") and attachments ("name (type); ..."), as the log line writes them.</summary>
public static class RowText
{
    public static string Findings(IReadOnlyList<StoredFinding> findings) =>
        string.Join("; ", findings.Select(f => f.Category + ":" + f.Rule));

    public static string Attachments(IReadOnlyList<StoredAttachment> attachments)
    {
        var sb = new StringBuilder();
        foreach (var a in attachments)
        {
            if (sb.Length > 0)
            {
                sb.Append("; ");
            }

            sb.Append(a.Name);
            if ((a.DetectedType ?? a.DeclaredType) is { } type)
            {
                sb.Append(" (").Append(type).Append(')');
            }

            sb.Append(' ').Append(a.Size.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
