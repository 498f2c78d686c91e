using System.Text;

namespace Vigil.Engine.Policy.Evaluation;

/// <summary>
/// Hostile names are data: before a name or header value goes into a finding's detail (and from
/// there into logs and notifications), control and direction-override characters are shown as
/// escapes and the length is bounded.
/// </summary>
internal static class Printable
{
    private const int MaxLength = 256;

    public static string Of(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "...");
        }

        var sb = new StringBuilder(Math.Min(text.Length, MaxLength) + 16);
        foreach (var c in text)
        {
            if (sb.Length >= MaxLength)
            {
                sb.Append("...");
                break;
            }

            if (IsUnsafe(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F';
}
