namespace Vigil.Store.Reports;

/// <summary>
/// Which scanner a virus finding came from, for the per-scanner counts: the name a finding's
/// detail starts with ("clamdscan: …" from Qmail-Scanner's lines, "NAME: …" from command-API
/// scanners), else clamd, whose live findings carry the bare signature name and the part.
/// </summary>
internal static class ScannerNames
{
    public static string Of(string detail)
    {
        var colon = detail.IndexOf(": ", StringComparison.Ordinal);
        if (colon is > 0 and <= 32 && detail.AsSpan(0, colon).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") < 0)
        {
            return detail[..colon].ToLowerInvariant();
        }

        return "clamd";
    }
}
