namespace Vigil.Engine.Policy.Control;

/// <summary>
/// A run of ASCII digits as a number, as long.TryParse with NumberStyles.None reads it (no sign,
/// no blanks, no overflow), without the culture set-up the runtime's parser needs on its first
/// call: the built-in attachments table alone has 41 sizes, read by every one-message door.
/// </summary>
internal static class DecimalNumber
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
}
