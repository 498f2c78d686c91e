using System.IO.Compression;
using System.Text;

namespace Vigil.Engine.Tests.Scanners;

/// <summary>Test mails built in memory. EICAR is kept base64-encoded so no file here is itself flagged.</summary>
internal static class ClamdTestMail
{
    public const string EicarBase64 = "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=";

    public static byte[] Eicar => Convert.FromBase64String(EicarBase64);

    public static MemoryStream Stream(string mail) => new(Encoding.Latin1.GetBytes(mail));

    /// <summary>A two-part mail: a text part, then <paramref name="content"/> as a base64 attachment (part 2).</summary>
    public static string WithAttachment(string fileName, byte[] content, string contentType = "application/octet-stream") =>
        WithEncodedAttachment(fileName, Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks), contentType);

    /// <summary>As <see cref="WithAttachment"/> with the base64 text given as is.</summary>
    public static string WithEncodedAttachment(string fileName, string base64, string contentType = "application/octet-stream") =>
        "From: a@example.test\r\nTo: b@example.test\r\nSubject: test\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n" +
        "--XX\r\nContent-Type: text/plain\r\n\r\nSee the attachment.\r\n" +
        $"--XX\r\nContent-Type: {contentType}; name=\"{fileName}\"\r\nContent-Disposition: attachment; filename=\"{fileName}\"\r\n" +
        "Content-Transfer-Encoding: base64\r\n\r\n" +
        base64 + "\r\n--XX--\r\n";

    public static string Clean =>
        "From: a@example.test\r\nTo: b@example.test\r\nSubject: lunch\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n" +
        "--XX\r\nContent-Type: text/plain\r\n\r\nLunch at noon?\r\n" +
        "--XX\r\nContent-Type: text/plain; name=\"menu.txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Convert.ToBase64String(Encoding.ASCII.GetBytes("soup\nbread\n")) + "\r\n--XX--\r\n";

    /// <summary>A zip holding one stored or deflated file.</summary>
    public static byte[] Zip(string name, byte[] content)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name).Open();
            entry.Write(content);
        }

        return ms.ToArray();
    }

    /// <summary>Classic uuencoding (45 bytes a line, '`' for zero).</summary>
    public static string Uuencode(string name, byte[] content)
    {
        var sb = new StringBuilder($"begin 644 {name}\r\n");
        for (var offset = 0; offset < content.Length; offset += 45)
        {
            var n = Math.Min(45, content.Length - offset);
            sb.Append(Char(n));
            for (var i = 0; i < n; i += 3)
            {
                var b0 = content[offset + i];
                var b1 = i + 1 < n ? content[offset + i + 1] : (byte)0;
                var b2 = i + 2 < n ? content[offset + i + 2] : (byte)0;
                sb.Append(Char(b0 >> 2)).Append(Char(((b0 << 4) | (b1 >> 4)) & 63)).Append(Char(((b1 << 2) | (b2 >> 6)) & 63)).Append(Char(b2 & 63));
            }

            sb.Append("\r\n");
        }

        return sb.Append("`\r\nend\r\n").ToString();

        static char Char(int v) => v == 0 ? '`' : (char)(v + 32);
    }
}
