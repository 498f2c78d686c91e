using System.Globalization;

namespace Vigil.Web.Html;

/// <summary>How the pages write times, sizes and addresses.</summary>
public static class Format
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Sender(string? sender) => sender is null ? "?" : sender.Length == 0 ? "<>" : sender;

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1024 ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " B";

    public static string Ms(double ms) => ms.ToString("0.#", CultureInfo.InvariantCulture) + " ms";
}
