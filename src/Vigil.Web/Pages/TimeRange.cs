using System.Globalization;

namespace Vigil.Web.Pages;

/// <summary>The overview's ranges (24h, 7d, 30d) and the search form's times (yyyy-MM-dd or yyyy-MM-ddTHH:mm, UTC).</summary>
public static class TimeRange
{
    public static readonly (string Key, string Label, TimeSpan Length)[] Choices =
    [
        ("24h", "Last 24 hours", TimeSpan.FromHours(24)),
        ("7d", "Last 7 days", TimeSpan.FromDays(7)),
        ("30d", "Last 30 days", TimeSpan.FromDays(30)),
    ];

    public static (string Key, string Label, TimeSpan Length) Pick(string? key) =>
        Choices.FirstOrDefault(c => c.Key == key) is { Key: not null } c ? c : Choices[0];

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];
        return DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero)
            : null;
    }
}
