using System.Text;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Makes a value that came from a message safe to put in a header or a notification body: line
/// breaks and tabs become spaces (no header injection, no "Bcc:" smuggled in a Subject), every
/// other control character (C0, DEL, C1, the Unicode line and paragraph separators, bidi
/// overrides) is removed, runs of spaces collapse, and the result is cut to a length limit
/// without splitting a surrogate pair.
/// </summary>
public static class HeaderText
{
    /// <summary>The default cap on one value; well under the 998-byte line limit of RFC 5322 even in UTF-8 with folding.</summary>
    public const int DefaultMaxLength = 200;

    public static string Sanitize(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value) || maxLength <= 0)
        {
            return "";
        }

        // Reading stops once the output is full: a hostile multi-megabyte subject costs nothing more.
        var sb = new StringBuilder(Math.Min(value.Length, maxLength + 1));
        var lastWasSpace = true;
        foreach (var c in value)
        {
            if (sb.Length >= maxLength)
            {
                break;
            }

            if (c is '\r' or '\n' or '\t' or '\u2028' or '\u2029' or '\u0085' || char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            if (char.IsControl(c) || IsInvisibleFormat(c))
            {
                continue;
            }

            sb.Append(c);
            lastWasSpace = false;
        }

        // A cut may leave a lone high surrogate, which UTF-8 cannot encode.
        if (sb.Length > 0 && char.IsHighSurrogate(sb[^1]))
        {
            sb.Length--;
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Bidi overrides and isolates can make a header read differently from what it says.</summary>
    private static bool IsInvisibleFormat(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\uFEFF';
}
