namespace Vigil.Engine.Sanitizing;

/// <summary>
/// A text from outside (a daemon's reply, a rule name, a virus name) reduced for a log line, an
/// error message, a header or an SMTP reply: cut to a length, and every character outside
/// printable ASCII (controls, CR/LF, anything non-ASCII) turned into '?'.
/// </summary>
public static class PrintableAscii
{
    public static string Of(string text, int maxLength = int.MaxValue)
    {
        var cut = text.Length > maxLength ? text[..maxLength] : text;
        return string.Create(cut.Length, cut, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = s[i] is >= ' ' and <= '~' ? s[i] : '?';
            }
        });
    }
}
