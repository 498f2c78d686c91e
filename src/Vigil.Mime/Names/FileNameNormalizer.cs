using System.Text;

namespace Vigil.Mime.Names;

/// <summary>
/// Turns a declared attachment name into the name Windows would save it under, because that is
/// the name whose extension decides what happens on a double click. Windows drops trailing dots
/// and spaces, treats both slashes as directory separators, refuses the characters
/// <c>"&lt;&gt;|:*?</c> and control characters, and lays bidirectional overrides out visually
/// while still using the logical order for the extension ("photo\u202Egpj.exe" is an .exe).
/// Case is kept for display; Windows ignores it, and so do the policy's matches (`ignorecase`,
/// on by default) and <see cref="Extension"/>. The result is for matching and display only; it
/// never becomes a path.
/// </summary>
public static class FileNameNormalizer
{
    /// <summary>Normalises a name; never returns null (an unusable name becomes "").</summary>
    public static string Normalize(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        // A C-string reader stops at NUL: so does the client that saves the file.
        var nul = name.IndexOf('\0');
        if (nul >= 0)
        {
            name = name[..nul];
        }

        // Only the last path segment becomes the file name.
        var slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c < 0x20 || c == 0x7F || IsDirectionControl(c) || c is '"' or '<' or '>' or '|' or ':' or '*' or '?')
            {
                continue;
            }

            sb.Append(c);
        }

        // Trailing dots and spaces are dropped by the Win32 layer; leading spaces are trimmed by most clients.
        var end = sb.Length;
        while (end > 0 && (sb[end - 1] == '.' || sb[end - 1] == ' '))
        {
            end--;
        }

        var start = 0;
        while (start < end && char.IsWhiteSpace(sb[start]))
        {
            start++;
        }

        return sb.ToString(start, end - start);
    }

    /// <summary>The last extension of a normalised name without its dot, lower case ("" when none).</summary>
    public static string Extension(string normalized)
    {
        var dot = normalized.LastIndexOf('.');
        return dot < 0 || dot == normalized.Length - 1 ? "" : normalized[(dot + 1)..].ToLowerInvariant();
    }

    /// <summary>True for Unicode bidirectional embedding/override/isolate marks used to disguise extensions.</summary>
    public static bool IsDirectionControl(char c) =>
        c is '\u200E' or '\u200F' or '\u061C' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

    /// <summary>True when the name holds a direction control (worth an anomaly: it disguises the extension).</summary>
    public static bool HasDirectionControl(string name)
    {
        foreach (var c in name)
        {
            if (IsDirectionControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name with its direction controls made visible, for admins (e.g. "photo[U+202E]gpj.exe").</summary>
    public static string ShowDirectionControls(string name)
    {
        if (!HasDirectionControl(name))
        {
            return name;
        }

        var sb = new StringBuilder(name.Length + 16);
        foreach (var c in name)
        {
            if (IsDirectionControl(c))
            {
                sb.Append("[U+").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
