using System.Globalization;

namespace Vigil.Tests.Store;

/// <summary>Vigil message log lines for the store tests (the format `vigil store import` reads).</summary>
internal static class StoreLog
{
    public static string Line(DateTimeOffset time, string verdict, string findings, string sender, string recipients, string attachments = "-", string clientIp = "-", string subject = "-") =>
        $"{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\tqueue\t{verdict}\t{findings}\t1000\t12\t{sender}\t{recipients}\t{subject}\t<{Guid.NewGuid():N}@example.org>\t{clientIp}\t{attachments}\n";
}
