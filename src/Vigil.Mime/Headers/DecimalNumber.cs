namespace Vigil.Mime.Headers;

/// <summary>
/// A run of ASCII digits as a number, read as int.TryParse and long.TryParse read it with
/// NumberStyles.None (no sign, no blanks, no overflow), without the culture set-up the runtime's
/// parser needs on its first call: a few ms of a one-message door whose control files hold
/// sizes, limits and ports. The one number reader of control files, headers and peer replies.
/// </summary>
public static class DecimalNumber
{
    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9' || value > (long.MaxValue - (c - '0')) / 10)
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    public static bool TryParseInt(ReadOnlySpan<char> text, out int value)
    {
        var ok = TryParse(text, out var wide) && wide <= int.MaxValue;
        value = ok ? (int)wide : 0;
        return ok;
    }
}
