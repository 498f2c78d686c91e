using System.Globalization;
using Vigil.Engine.Policy.Control;

namespace Vigil.Store.Quarantine;

/// <summary>
/// `store-quarantine-max=` in `options`: original messages up to this many bytes (k, m, g
/// suffixes, 1024-based) are kept in a PostgreSQL store's shared quarantine so any node can
/// release them; bigger ones are listed there but released only on their node. 0: none kept.
/// </summary>
public static class QuarantineLimits
{
    public const string MaxBytesKey = "store-quarantine-max";

    public const long DefaultMaxBytes = 25L * 1024 * 1024;

    private const long Ceiling = 1024L * 1024 * 1024;

    public static bool TryGetMaxBytes(PolicyOptions options, out long bytes, out string? error)
    {
        error = null;
        bytes = DefaultMaxBytes;
        if (options.Get(MaxBytesKey) is not { } text)
        {
            return true;
        }

        var t = text.Trim().ToLowerInvariant();
        var unit = t.Length > 0 ? t[^1] switch { 'k' => 1024L, 'm' => 1024L * 1024, 'g' => 1024L * 1024 * 1024, _ => 1L } : 1L;
        var digits = unit == 1 ? t : t[..^1];
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= Ceiling / unit)
        {
            bytes = n * unit;
            return true;
        }

        error = $"{MaxBytesKey}: '{text}' is not a size from 0 to 1g";
        return false;
    }
}
