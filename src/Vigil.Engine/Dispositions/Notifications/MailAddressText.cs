namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Checks on an envelope address before Vigil writes to it. Only plain `local@domain` addresses
/// with printable ASCII and no brackets, quotes, spaces or commas are notified: anything else
/// could not be put in a header, an SMTP command or a command line without interpretation, and a
/// real correspondent never needs it.
/// </summary>
public static class MailAddressText
{
    public const int MaxLength = 254;

    public static bool IsSafe(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength || address[0] is '-' or '.')
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        foreach (var c in address)
        {
            if (c <= ' ' || c >= '\u007F' || c is '<' or '>' or '"' or '(' or ')' or ',' or ';' or ':' or '\\' or '[' or ']')
            {
                return false;
            }
        }

        return address.IndexOf('@') == at;
    }

    /// <summary>The part before the last '@', or the whole address without one.</summary>
    public static string LocalPart(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? address : address[..at];
    }

    /// <summary>The part after the last '@', lower case, or "" without one.</summary>
    public static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : address[(at + 1)..].TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>An envelope address as it may be printed in a template ("&lt;&gt;" for the null sender).</summary>
    public static string ForDisplay(string? address) =>
        address is null ? "(unknown)" : address.Length == 0 || address == "<>" ? "<>" : HeaderText.Sanitize(address, MaxLength);
}
