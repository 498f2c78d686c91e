using System.Globalization;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Policy.Control;

/// <summary>Sizes as admins write them: bytes, or with a k, m or g suffix (1024-based).</summary>
internal static class ByteSize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        long multiplier = char.ToLowerInvariant(s[^1]) switch
        {
            'k' => 1024L,
            'm' => 1024L * 1024,
            'g' => 1024L * 1024 * 1024,
            _ => 1,
        };
        if (multiplier != 1)
        {
            s = s[..^1];
        }

        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = n * multiplier;
        return true;
    }
}
