using System.Text;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// Makes one log field safe for a tab-separated line: tabs, CR and LF (and the Unicode line
/// separators) become spaces so a field can never split the line or add a column; other control
/// characters become '?', so tampering stays visible; an empty value is written "-" so every
/// line has all its columns; a value is cut at <see cref="MaxLength"/> characters.
/// </summary>
public static class LogField
{
    public const int MaxLength = 1024;
    public const string Empty = "-";

    public static string Clean(string? value, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Empty;
        }

        var length = Math.Min(value.Length, maxLength);
        if (length > 0 && length < value.Length && char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            sb.Append(c switch
            {
                '\t' or '\r' or '\n' or '\u2028' or '\u2029' or '\u0085' => ' ',
                _ when char.IsControl(c) => '?',
                _ => c,
            });
        }

        var text = sb.ToString().Trim();
        return text.Length == 0 ? Empty : text;
    }
}
