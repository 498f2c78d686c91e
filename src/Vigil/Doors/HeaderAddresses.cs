using System.Text;
using Vigil.Engine.Dispositions.Notifications;

namespace Vigil.Doors;

/// <summary>
/// QMVC's `evalheaderaddress=y`: the sender from From: and the recipient from To: instead of the
/// envelope, for mailboxes filled by fetchmail (whose envelope says little). Reads only the header
/// block, at most <see cref="MaxHeaderBytes"/>; takes the first address of each header and keeps
/// it only when it is a plain, safe address (no spaces, quotes, control bytes), else null, and the
/// door falls back to the envelope.
/// </summary>
public static class HeaderAddresses
{
    public const string OptionKey = "evalheaderaddress";

    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The first From: and To: addresses of the message in <paramref name="message"/>.</summary>
    public static (string? From, string? To) Read(Stream message)
    {
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        int n;
        while (length < buffer.Length && (n = message.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += n;
        }

        string? from = null;
        string? to = null;
        var text = Encoding.Latin1.GetString(buffer, 0, length);
        string? current = null;
        var value = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                value.Append(' ').Append(line.Trim());
                continue;
            }

            Take(current, value.ToString(), ref from, ref to);
            if (line.Length == 0)
            {
                break; // end of the header
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            current = colon > 0 ? line[..colon].Trim() : null;
            value.Clear().Append(colon > 0 ? line[(colon + 1)..].Trim() : "");
        }

        return (from, to);
    }

    private static void Take(string? name, string value, ref string? from, ref string? to)
    {
        if (name is null)
        {
            return;
        }

        if (from is null && name.Equals("From", StringComparison.OrdinalIgnoreCase))
        {
            from = FirstAddress(value);
        }
        else if (to is null && name.Equals("To", StringComparison.OrdinalIgnoreCase))
        {
            to = FirstAddress(value);
        }
    }

    /// <summary>"Name &lt;a@b&gt;, c@d" gives a@b; "a@b (Name)" gives a@b; null when none is safe.</summary>
    private static string? FirstAddress(string value)
    {
        var open = value.IndexOf('<', StringComparison.Ordinal);
        string candidate;
        if (open >= 0)
        {
            var close = value.IndexOf('>', open + 1);
            candidate = close > open ? value[(open + 1)..close] : "";
        }
        else
        {
            var comma = value.IndexOf(',', StringComparison.Ordinal);
            candidate = comma >= 0 ? value[..comma] : value;
            var comment = candidate.IndexOf('(', StringComparison.Ordinal);
            if (comment >= 0)
            {
                candidate = candidate[..comment];
            }
        }

        candidate = candidate.Trim();
        return MailAddressText.IsSafe(candidate) ? candidate : null;
    }
}
