using Vigil.Engine.Dispositions.Notifications;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;

namespace Vigil.Engine.Gateway;

/// <summary>
/// QMVC's `evalheaderaddress=y`: the sender from From: and the recipient from To: instead of the
/// envelope, for mailboxes filled by fetchmail (whose envelope says little). The header block is
/// read by the same parser that judges the message, from at most <see cref="MaxHeaderBytes"/>; the
/// first address of each field is kept only when it is a plain, safe address, else null and the
/// door's envelope address stands.
/// </summary>
public static class HeaderAddressReader
{
    public const string OptionKey = "evalheaderaddress";

    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The first From: and To: addresses of the message in <paramref name="message"/>.</summary>
    public static (string? From, string? To) Read(Stream message)
    {
        var head = new byte[MaxHeaderBytes];
        var length = message.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        using var context = new AnalysisContext(AnalysisLimits.Default);
        using var input = new MemoryStream(head, 0, length, writable: false);
        var root = MimeParser.Parse(input, context);
        return (First(MessageHeaders.Get(root.Headers, "From")), First(MessageHeaders.Get(root.Headers, "To")));
    }

    /// <summary>"Name &lt;a@b&gt;, c@d" gives a@b; "a@b (Name)" gives a@b; null when none is safe.</summary>
    internal static string? First(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var open = value.IndexOf('<');
        string candidate;
        if (open >= 0)
        {
            var close = value.IndexOf('>', open + 1);
            candidate = close > open ? value[(open + 1)..close] : "";
        }
        else
        {
            var comma = value.IndexOf(',');
            candidate = comma >= 0 ? value[..comma] : value;
            var comment = candidate.IndexOf('(');
            if (comment >= 0)
            {
                candidate = candidate[..comment];
            }
        }

        candidate = candidate.Trim();
        return MailAddressText.IsSafe(candidate) ? candidate : null;
    }
}
