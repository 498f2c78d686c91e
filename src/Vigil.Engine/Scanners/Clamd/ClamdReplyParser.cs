using System.Text;

namespace Vigil.Engine.Scanners.Clamd;

/// <summary>Reads clamd's INSTREAM replies. Anything not understood is an error, never clean.</summary>
internal static class ClamdReplyParser
{
    private const string StreamPrefix = "stream: ";
    private const string FoundSuffix = " FOUND";
    private const string ErrorSuffix = " ERROR";
    private const int MaxShown = 200;

    public static ClamdResult Parse(string reply)
    {
        var r = reply.TrimEnd('\0', '\n', '\r', ' ');
        if (r.Contains("size limit exceeded", StringComparison.OrdinalIgnoreCase) && r.EndsWith(ErrorSuffix, StringComparison.Ordinal))
        {
            return ClamdResult.SizeLimit(r);
        }

        if (r.EndsWith(ErrorSuffix, StringComparison.Ordinal))
        {
            return ClamdResult.Error("clamd answered: " + Printable(r));
        }

        if (r == StreamPrefix + "OK")
        {
            return ClamdResult.Clean;
        }

        if (r.StartsWith(StreamPrefix, StringComparison.Ordinal) && r.EndsWith(FoundSuffix, StringComparison.Ordinal))
        {
            var name = r[StreamPrefix.Length..^FoundSuffix.Length].Trim();
            if (name.Length > 0 && IsPrintable(name))
            {
                return ClamdResult.Infected(name);
            }
        }

        return ClamdResult.Error("unexpected reply from clamd: \"" + Printable(r) + "\"");
    }

    /// <summary>A reply cut to a readable length with control characters shown as '?'.</summary>
    public static string Printable(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxShown + 3));
        foreach (var c in text)
        {
            if (sb.Length >= MaxShown)
            {
                sb.Append("...");
                break;
            }

            sb.Append(c is < ' ' or '\x7f' ? '?' : c);
        }

        return sb.ToString();
    }

    private static bool IsPrintable(string s)
    {
        foreach (var c in s)
        {
            if (c is < ' ' or '\x7f')
            {
                return false;
            }
        }

        return true;
    }
}
