using System.Globalization;
using System.Text;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Store.Reading;

namespace Vigil.Store.Reports;

/// <summary>The sections of one report page for one time range: summary, latency, viruses, per-scanner counts, blocked names and types, hit lists.</summary>
internal sealed class ReportSections(StoreReader reader, ReportOptions options, LogAnonymizer anonymizer)
{
    private static readonly double[] Quantiles = [0.5, 0.9, 0.99, 1.0];

    public string Write(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<PeriodCount> counts)
    {
        var n = options.TopCount;
        var sb = new StringBuilder();
        sb.Append("<div class=\"grid\">");
        sb.Append(Summary(counts));
        sb.Append(Latency(reader.Latency(from, to, Quantiles)));
        sb.Append(TopList("Top viruses", "virus", reader.TopRules("virus", from, to, n), VerdictColors.Of("virus")));
        sb.Append(TopList("Viruses by scanner", "scanner", ByScanner(reader.Findings("virus", from, to, 1_000_000)), VerdictColors.Of("virus")));
        sb.Append(TopList("Policy rules", "rule", reader.TopRules("policy", from, to, n), VerdictColors.Of("policy")));
        sb.Append(TopList("Blocked attachment names", "name", reader.TopAttachments("policy", false, from, to, n), VerdictColors.Of("policy")));
        sb.Append(TopList("Blocked attachment types", "type", reader.TopAttachments("policy", true, from, to, n), VerdictColors.Of("policy")));
        sb.Append(TopList("Senders of the most viruses", "sender", Hide(reader.HitList(HitColumn.Sender, "virus", from, to, n), options.AnonymizeSenders), VerdictColors.Of("virus")));
        sb.Append(TopList("Recipients of the most viruses", "recipient", Hide(reader.HitList(HitColumn.Recipient, "virus", from, to, n), options.AnonymizeRecipients), VerdictColors.Of("virus")));
        sb.Append(TopList("Client IPs of the most viruses", "client IP", reader.HitList(HitColumn.ClientIp, "virus", from, to, n), VerdictColors.Of("virus")));
        sb.Append(TopList("Senders of the most spam", "sender", Hide(reader.HitList(HitColumn.Sender, "spam", from, to, n), options.AnonymizeSenders), VerdictColors.Of("spam")));
        return sb.Append("</div>\n").ToString();
    }

    /// <summary>Messages and bytes per verdict.</summary>
    public static string Summary(IReadOnlyList<PeriodCount> counts)
    {
        var sb = new StringBuilder("<section><h2>Messages by verdict</h2><table><tr><th>verdict</th><th class=\"n\">messages</th><th class=\"n\">share</th><th class=\"n\">bytes</th></tr>");
        var total = counts.Sum(c => c.Messages);
        foreach (var g in counts.GroupBy(c => c.Verdict).OrderBy(g => Array.IndexOf(VerdictColors.Order, g.Key) is var i && i < 0 ? 99 : i))
        {
            var m = g.Sum(c => c.Messages);
            sb.Append("<tr><td><i class=\"sw\" style=\"background:").Append(VerdictColors.Of(g.Key)).Append("\"></i>").Append(Html.Text(g.Key))
                .Append("</td><td class=\"n\">").Append(Number(m)).Append("</td><td class=\"n\">")
                .Append((100.0 * m / Math.Max(1, total)).ToString("0.0", CultureInfo.InvariantCulture)).Append(" %</td><td class=\"n\">")
                .Append(Number(g.Sum(c => c.Bytes))).Append("</td></tr>");
        }

        return sb.Append("<tr><th>all</th><th class=\"n\">").Append(Number(total)).Append("</th><th></th><th class=\"n\">")
            .Append(Number(counts.Sum(c => c.Bytes))).Append("</th></tr></table></section>").ToString();
    }

    private static string Latency(IReadOnlyList<double> values)
    {
        var sb = new StringBuilder("<section><h2>Judging time per message</h2>");
        if (values.Count == 0)
        {
            return sb.Append("<p class=\"muted\">No messages.</p></section>").ToString();
        }

        sb.Append("<table><tr><th>median</th><th>90th percentile</th><th>99th percentile</th><th>longest</th></tr><tr>");
        foreach (var v in values)
        {
            sb.Append("<td>").Append(v.ToString("0.0", CultureInfo.InvariantCulture)).Append(" ms</td>");
        }

        return sb.Append("</tr></table></section>").ToString();
    }

    private static string TopList(string title, string what, IReadOnlyList<Ranked> list, string colour)
    {
        var sb = new StringBuilder("<section><h2>").Append(Html.Text(title)).Append("</h2>");
        if (list.Count == 0)
        {
            return sb.Append("<p class=\"muted\">None.</p></section>").ToString();
        }

        var max = list.Max(r => r.Messages);
        sb.Append("<table><tr><th>").Append(Html.Text(what)).Append("</th><th class=\"n\">messages</th><th></th></tr>");
        foreach (var (key, messages) in list)
        {
            sb.Append("<tr><td class=\"k\">").Append(Html.Text(key.Length == 0 ? "(none)" : key)).Append("</td><td class=\"n\">").Append(Number(messages))
                .Append("</td><td>").Append(SvgChart.Bar(messages, max, colour)).Append("</td></tr>");
        }

        return sb.Append("</table></section>").ToString();
    }

    private static IReadOnlyList<Ranked> ByScanner(IReadOnlyList<Model.StoredFinding> findings) =>
        [.. findings.GroupBy(f => ScannerNames.Of(f.Detail), StringComparer.Ordinal).Select(g => new Ranked(g.Key, g.LongCount())).OrderByDescending(r => r.Messages).ThenBy(r => r.Key, StringComparer.Ordinal)];

    /// <summary>-r / -o: the local parts become HMAC tokens under a key made for this report only (the domains stay).</summary>
    private IReadOnlyList<Ranked> Hide(IReadOnlyList<Ranked> list, bool hide) =>
        hide ? [.. list.Select(r => r with { Key = anonymizer.Address(r.Key) })] : list;

    public static string Number(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}
