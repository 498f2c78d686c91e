using Vigil.Store.Model;

namespace Vigil.Store.Import;

/// <summary>
/// Qmail-Scanner's status field (seed 002): colon-separated components, "Clear" or the
/// description of the quarantine event first, then "RC:1(1.2.3.4)" (RELAYCLIENT and client IP),
/// "SA:1(…)" (SpamAssassin called it spam), "CR:…" (crypto). A description naming a policy
/// ("Policy", "Disallowed", "Bad_…", "banned") is read as a policy block, any other as a virus
/// found by the scanner the description starts with ("CLAMDSCAN:Eicar-Test-Signature").
/// A description Vigil writes (`logformat=qmail-scanner`) starts with its category ("Virus:",
/// "Policy:", "Format:", "Limits:", "Spam:", "Error:") and is read back as that finding;
/// "DLP:category:rule" components are DLP monitor hits that were let through.
/// </summary>
internal sealed record QmailScannerStatus(string Verdict, IReadOnlyList<StoredFinding> Findings, bool? RelayClient, string? ClientIp)
{
    public static QmailScannerStatus Parse(string status)
    {
        var s = status.TrimEnd(':');
        var rc = s.IndexOf("RC:", StringComparison.Ordinal);
        var description = (rc < 0 ? s : s[..rc]).TrimEnd(':');
        var tail = rc < 0 ? "" : s[rc..];
        bool? relay = null;
        string? ip = null;
        var spam = false;
        if (rc >= 0 && tail.Length > 3)
        {
            relay = tail[3] == '1' ? true : tail[3] == '0' ? false : null;
            var open = tail.IndexOf('(');
            var close = tail.IndexOf(')');
            if (open > 0 && close > open)
            {
                ip = tail[(open + 1)..close];
            }
        }

        var sa = s.IndexOf("SA:", StringComparison.Ordinal);
        if (sa >= 0 && sa + 3 < s.Length && s[sa + 3] == '1')
        {
            spam = true;
        }

        var dlp = DlpHits(s);
        if (description.Length == 0 || description.Equals("Clear", StringComparison.OrdinalIgnoreCase))
        {
            List<StoredFinding> found = spam ? [new StoredFinding("spam", "spamassassin", s)] : [];
            found.AddRange(dlp);
            return new QmailScannerStatus(spam ? "spam" : "clean", found, relay, ip);
        }

        if (VigilFinding(description, description) is { } own)
        {
            return new QmailScannerStatus(own.Category, [own, .. dlp], relay, ip);
        }

        var policy = description.Contains("policy", StringComparison.OrdinalIgnoreCase)
            || description.Contains("disallowed", StringComparison.OrdinalIgnoreCase)
            || description.Contains("bad_", StringComparison.OrdinalIgnoreCase)
            || description.Contains("banned", StringComparison.OrdinalIgnoreCase);
        var category = policy ? "policy" : "virus";
        var colon = description.IndexOf(':');
        var rule = !policy && colon > 0 ? description[(colon + 1)..] : description;
        var scanner = colon > 0 ? description[..colon].ToLowerInvariant() : "qmail-scanner";
        return new QmailScannerStatus(category, [new StoredFinding(category, rule, scanner + ": " + description), .. dlp], relay, ip);
    }

    private static readonly string[] Categories = ["virus", "policy", "format", "limits", "spam", "error"];

    /// <summary>"Policy:badfilenames:x" as (policy, badfilenames:x); format and limits rules keep their prefix ("format:comment-in-header").</summary>
    private static StoredFinding? VigilFinding(string label, string detail)
    {
        var colon = label.IndexOf(':');
        if (colon <= 0 || colon == label.Length - 1)
        {
            return null;
        }

        var category = label[..colon].ToLowerInvariant();
        if (!Categories.Contains(category))
        {
            return null;
        }

        var rest = label[(colon + 1)..];
        var rule = category is "format" or "limits" ? category + ":" + rest : rest;
        return new StoredFinding(category, rule, detail);
    }

    /// <summary>The ":DLP:category:rule" components, each up to the next ":DLP:" or the end.</summary>
    private static List<StoredFinding> DlpHits(string status)
    {
        const string marker = ":DLP:";
        var hits = new List<StoredFinding>();
        var at = status.IndexOf(marker, StringComparison.Ordinal);
        while (at >= 0 && hits.Count < 100)
        {
            var start = at + marker.Length;
            var next = status.IndexOf(marker, start, StringComparison.Ordinal);
            var text = next < 0 ? status[start..] : status[start..next];
            if (VigilFinding(text, "dlp-monitor") is { } hit)
            {
                hits.Add(hit);
            }

            at = next;
        }

        return hits;
    }
}
