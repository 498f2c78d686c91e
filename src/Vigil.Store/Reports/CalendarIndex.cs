using System.Globalization;
using System.Text;

namespace Vigil.Store.Reports;

/// <summary>QMVC's WebCalendar: a month grid (weeks Monday to Sunday) per month of the range, each day with messages linked to its page and showing its count.</summary>
internal static class CalendarIndex
{
    public static string Write(IReadOnlyDictionary<string, long> messagesPerDay, Func<string, string> dayPage, Func<string, string>? monthPage)
    {
        if (messagesPerDay.Count == 0)
        {
            return "";
        }

        var days = messagesPerDay.Keys.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).Order().ToList();
        var sb = new StringBuilder("<section><h2>Calendar</h2>");
        for (var month = new DateOnly(days[0].Year, days[0].Month, 1); month <= days[^1]; month = month.AddMonths(1))
        {
            var name = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            sb.Append("<table class=\"cal\"><tr><th colspan=\"7\">");
            sb.Append(monthPage is null ? Html.Text(name) : $"<a href=\"{Html.Text(monthPage(name))}\">{Html.Text(name)}</a>");
            sb.Append("</th></tr><tr><th>Mo</th><th>Tu</th><th>We</th><th>Th</th><th>Fr</th><th>Sa</th><th>Su</th></tr><tr>");
            var lead = ((int)month.DayOfWeek + 6) % 7;
            for (var i = 0; i < lead; i++)
            {
                sb.Append("<td></td>");
            }

            var column = lead;
            for (var day = month; day.Month == month.Month; day = day.AddDays(1))
            {
                if (column == 7)
                {
                    sb.Append("</tr><tr>");
                    column = 0;
                }

                var key = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                sb.Append("<td>");
                if (messagesPerDay.TryGetValue(key, out var n) && n > 0 && monthPage is null)
                {
                    sb.Append("<a href=\"").Append(Html.Text(dayPage(key))).Append("\" title=\"").Append(n.ToString(CultureInfo.InvariantCulture)).Append(" messages\">")
                        .Append(day.Day.ToString(CultureInfo.InvariantCulture)).Append("</a>");
                }
                else
                {
                    sb.Append("<span class=\"").Append(n > 0 ? "" : "muted").Append("\">").Append(day.Day.ToString(CultureInfo.InvariantCulture)).Append("</span>");
                }

                sb.Append("</td>");
                column++;
            }

            sb.Append("</tr></table>");
        }

        return sb.Append("</section>").ToString();
    }
}
