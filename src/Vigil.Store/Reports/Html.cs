using System.Net;
using System.Text;

namespace Vigil.Store.Reports;

/// <summary>
/// The report's HTML: every text goes through <see cref="Text"/> (HTML-encoded: a subject or an
/// address from a mail is never markup), pages have no script at all and one inline style sheet.
/// </summary>
internal static class Html
{
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static string Page(string title, string body, string? up = null)
    {
        var sb = new StringBuilder(body.Length + 2048);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
            .Append("<title>").Append(Text(title)).Append("</title><style>").Append(Style).Append("</style></head><body>\n")
            .Append("<header><h1>").Append(Text(title)).Append("</h1>");
        if (up is not null)
        {
            sb.Append("<nav><a href=\"").Append(Text(up)).Append("\">&larr; all periods</a></nav>");
        }

        sb.Append("</header>\n<main>\n").Append(body).Append("</main>\n<footer>Vigil report, written ")
            .Append(Text(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)))
            .Append("</footer>\n</body></html>\n");
        return sb.ToString();
    }

    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
        header{background:#1d2330;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
        header a{color:#9cc3ff}main{padding:16px 24px;max-width:1200px}
        section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:12px 16px;margin:0 0 16px}
        h2{font-size:16px;margin:0 0 8px}table{border-collapse:collapse;width:100%}
        td,th{padding:3px 8px;border-bottom:1px solid #eef0f3;text-align:left;vertical-align:top}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.k{word-break:break-all}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}
        .cal{display:inline-block;margin:0 16px 16px 0;vertical-align:top}.cal td{text-align:center;width:36px}
        .cal a{font-weight:600}.muted{color:#8a93a3}.legend span{margin-right:12px}
        .sw{display:inline-block;width:10px;height:10px;margin-right:4px}
        footer{color:#8a93a3;padding:8px 24px 24px}
        """;
}
