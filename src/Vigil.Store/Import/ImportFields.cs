using System.Globalization;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Store.Model;

namespace Vigil.Store.Import;

/// <summary>The field readings the line parsers share.</summary>
internal static class ImportFields
{
    private static readonly string[] SyslogFormats = ["MMM d HH:mm:ss", "MMM dd HH:mm:ss"];

    /// <summary>"-" or "" is no value (Vigil's log writes "-" for an empty field).</summary>
    public static string? Value(string field) => field is "-" or "" ? null : field;

    /// <summary>The sender as the store keeps it: "" for the null sender, also when labelled as QMVC does ("(=a@b=)", "(-a@b-)").</summary>
    public static string? Sender(string field) => NullSenderLabel.IsLabel(field) ? "" : Value(field);

    /// <summary>The recipients of a comma-separated field; none gives one row without a recipient.</summary>
    public static IReadOnlyList<string?> Recipients(string field)
    {
        var list = new List<string?>();
        foreach (var r in field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (r != "-")
            {
                list.Add(r);
            }
        }

        return list.Count == 0 ? [null] : list;
    }

    /// <summary>"name:size" pieces, space-separated (the size after the last colon).</summary>
    public static IReadOnlyList<StoredAttachment> Attachments(IEnumerable<string> pieces)
    {
        var list = new List<StoredAttachment>();
        foreach (var piece in pieces)
        {
            if (piece.Length == 0 || piece == "-")
            {
                continue;
            }

            var colon = piece.LastIndexOf(':');
            if (colon > 0 && long.TryParse(piece.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                list.Add(new StoredAttachment(piece[..colon], null, null, size));
            }
            else
            {
                list.Add(new StoredAttachment(piece, null, null, 0));
            }
        }

        return list;
    }

    /// <summary>An ISO 8601 time, Unix seconds (with a fraction), ctime ("Thu Aug 14 16:22:41 2002") or a syslog date.</summary>
    public static bool TryTime(string text, ImportContext context, out DateTimeOffset time)
    {
        text = text.Trim();
        if (text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 32_503_680_000)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            return true;
        }

        var collapsed = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (DateTime.TryParseExact(collapsed, ["ddd MMM d HH:mm:ss yyyy", "ddd MMM dd HH:mm:ss yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var ctime))
        {
            time = new DateTimeOffset(ctime, TimeSpan.Zero);
            return true;
        }

        return TrySyslogTime(collapsed, context, out time);
    }

    /// <summary>"Aug 14 16:22:41" in the file's year, or the year before when that would be after the file.</summary>
    public static bool TrySyslogTime(string text, ImportContext context, out DateTimeOffset time)
    {
        time = default;
        if (!DateTime.TryParseExact(text, SyslogFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return false;
        }

        var year = context.FileTime.UtcDateTime.Year;
        var candidate = Stamp(parsed, year);
        if (candidate is null)
        {
            return false;
        }

        if (candidate.Value > context.FileTime.AddDays(1))
        {
            candidate = Stamp(parsed, year - 1);
        }

        if (candidate is null)
        {
            return false;
        }

        time = candidate.Value;
        return true;
    }

    private static DateTimeOffset? Stamp(DateTime parsed, int year) =>
        parsed.Month == 2 && parsed.Day == 29 && !DateTime.IsLeapYear(year)
            ? null
            : new DateTimeOffset(year, parsed.Month, parsed.Day, parsed.Hour, parsed.Minute, parsed.Second, TimeSpan.Zero);

    public static bool TryLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
