using Vigil.Store.Model;

namespace Vigil.Store.Import;

/// <summary>
/// Qmail-Scanner's status field (seed 002): colon-separated components, "Clear" or the
/// description of the quarantine event first, then "RC:1(1.2.3.4)" (RELAYCLIENT and client IP),
/// "SA:1(…)" (SpamAssassin called it spam), "CR:…" (crypto). A description naming a policy
/// ("Policy", "Disallowed", "Bad_…", "banned") is read as a policy block, any other as a virus
/// found by the scanner the description starts with ("CLAMDSCAN:Eicar-Test-Signature").
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

        if (description.Length == 0 || description.Equals("Clear", StringComparison.OrdinalIgnoreCase))
        {
            return new QmailScannerStatus(spam ? "spam" : "clean", spam ? [new StoredFinding("spam", "spamassassin", s)] : [], relay, ip);
        }

        var policy = description.Contains("policy", StringComparison.OrdinalIgnoreCase)
            || description.Contains("disallowed", StringComparison.OrdinalIgnoreCase)
            || description.Contains("bad_", StringComparison.OrdinalIgnoreCase)
            || description.Contains("banned", StringComparison.OrdinalIgnoreCase);
        var category = policy ? "policy" : "virus";
        var colon = description.IndexOf(':');
        var rule = !policy && colon > 0 ? description[(colon + 1)..] : description;
        var scanner = colon > 0 ? description[..colon].ToLowerInvariant() : "qmail-scanner";
        return new QmailScannerStatus(category, [new StoredFinding(category, rule, scanner + ": " + description)], relay, ip);
    }
}
