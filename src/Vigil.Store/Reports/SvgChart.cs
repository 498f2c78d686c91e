using System.Globalization;
using System.Text;
using Vigil.Store.Reading;

namespace Vigil.Store.Reports;

/// <summary>Messages per period as an inline SVG bar chart, each bar stacked by verdict; every label escaped.</summary>
internal static class SvgChart
{
    private const int Width = 1000;
    private const int Height = 220;
    private const int Left = 48;
    private const int Bottom = 28;

    public static string Stacked(IReadOnlyList<string> periods, IReadOnlyList<PeriodCount> counts, Func<string, string?>? link = null)
    {
        if (periods.Count == 0)
        {
            return "<p class=\"muted\">No messages in this range.</p>";
        }

        var byPeriod = counts.GroupBy(c => c.Period).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var max = Math.Max(1, periods.Max(p => byPeriod.TryGetValue(p, out var l) ? l.Sum(c => c.Messages) : 0));
        var plot = Width - Left - 8;
        var slot = (double)plot / periods.Count;
        var bar = Math.Max(1, slot * 0.8);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"messages per period\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var i = 0; i <= 4; i++)
        {
            var y = Y(max * i / 4.0, max);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - 8}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#eef0f3\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" font-size=\"11\" text-anchor=\"end\" fill=\"#8a93a3\">{(long)Math.Round(max * i / 4.0)}</text>");
        }

        var labelEvery = Math.Max(1, (int)Math.Ceiling(periods.Count / 12.0));
        for (var i = 0; i < periods.Count; i++)
        {
            var x = Left + i * slot + (slot - bar) / 2;
            double below = 0;
            var list = byPeriod.TryGetValue(periods[i], out var l) ? l : [];
            var total = list.Sum(c => c.Messages);
            var href = link?.Invoke(periods[i]);
            if (href is not null && total > 0)
            {
                sb.Append("<a href=\"").Append(Html.Text(href)).Append("\">");
            }

            foreach (var verdict in VerdictColors.Order.Concat(list.Select(c => c.Verdict).Except(VerdictColors.Order)))
            {
                var n = list.Where(c => c.Verdict == verdict).Sum(c => c.Messages);
                if (n == 0)
                {
                    continue;
                }

                var top = Y(below + n, max);
                var h = Y(below, max) - top;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{top:0.##}\" width=\"{bar:0.##}\" height=\"{Math.Max(h, 0.5):0.##}\" fill=\"{VerdictColors.Of(verdict)}\"><title>")
                    .Append(Html.Text($"{periods[i]} {verdict}: {n}")).Append("</title></rect>");
                below += n;
            }

            if (href is not null && total > 0)
            {
                sb.Append("</a>");
            }

            if (i % labelEvery == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + bar / 2:0.#}\" y=\"{Height - 10}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5a6272\">").Append(Html.Text(periods[i])).Append("</text>");
            }
        }

        sb.Append("</svg><p class=\"legend\">");
        foreach (var verdict in VerdictColors.Order)
        {
            sb.Append("<span><i class=\"sw\" style=\"background:").Append(VerdictColors.Of(verdict)).Append("\"></i>").Append(verdict).Append("</span>");
        }

        return sb.Append("</p>").ToString();
    }

    /// <summary>A small horizontal bar for a top list's row, as wide as its share of the largest.</summary>
    public static string Bar(long value, long max, string colour) =>
        string.Create(CultureInfo.InvariantCulture, $"<svg width=\"120\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"{Math.Max(1, 120.0 * value / Math.Max(1, max)):0.#}\" height=\"10\" fill=\"{colour}\"/></svg>");

    private static double Y(double value, long max) => Height - Bottom - (Height - Bottom - 10) * value / max;
}
