using System.Text;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// Makes a value safe for one header line or one log field: CR, LF and every other control
/// character (C0, DEL, C1) and the Unicode line and paragraph separators removed, TAB turned into a space (so log fields stay apart), and the
/// result capped in length without splitting a surrogate pair. A value from a message can then
/// never start a header of its own (CR/LF injection) nor a new log field.
/// </summary>
public static class HeaderValueSanitizer
{
    /// <summary>Default cap: a header line stays well under RFC 5322's 998 characters.</summary>
    public const int DefaultMaxLength = 900;

    public static string Sanitize(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var sb = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (var c in value)
        {
            if (sb.Length >= maxLength)
            {
                break;
            }

            if (c == '\t')
            {
                sb.Append(' ');
            }
            else if (!char.IsControl(c) && c is not '\u2028' and not '\u2029')
            {
                sb.Append(c);
            }
        }

        if (sb.Length > 0 && char.IsHighSurrogate(sb[^1]))
        {
            sb.Length--;
        }

        return sb.ToString().Trim();
    }
}
