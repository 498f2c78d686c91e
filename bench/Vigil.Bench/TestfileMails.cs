using System.Globalization;
using System.Text;

namespace Vigil.Bench;

/// <summary>
/// Mails for the clamd benchmarks from Debian's clamav-testfiles: one mail per file, the file as a
/// base64 attachment beside a short text part. Written as 00.eml, 01.eml... (the source file's
/// name goes only into the mail's headers, never into a path).
/// </summary>
public static class TestfileMails
{
    public static int Write(string outDir, string sourceDir)
    {
        if (!Directory.Exists(sourceDir))
        {
            Console.Error.WriteLine($"{sourceDir}: no such directory (apt-get install clamav-testfiles)");
            return 2;
        }

        Directory.CreateDirectory(outDir);
        var files = Directory.GetFiles(sourceDir);
        Array.Sort(files, StringComparer.Ordinal);
        for (var i = 0; i < files.Length; i++)
        {
            var name = Path.GetFileName(files[i]);
            var body = Convert.ToBase64String(File.ReadAllBytes(files[i]), Base64FormattingOptions.InsertLineBreaks);
            var mail =
                "From: sender@example.test\r\nTo: rcpt@example.test\r\n" +
                $"Subject: test file {name}\r\nMessage-ID: <testfile-{i}@example.test>\r\nMIME-Version: 1.0\r\n" +
                "Content-Type: multipart/mixed; boundary=\"=-=bench=-=\"\r\n\r\n" +
                "--=-=bench=-=\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe file is attached.\r\n" +
                $"--=-=bench=-=\r\nContent-Type: application/octet-stream; name=\"{name}\"\r\n" +
                $"Content-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                body + "\r\n--=-=bench=-=--\r\n";
            File.WriteAllBytes(Path.Combine(outDir, i.ToString("00", CultureInfo.InvariantCulture) + ".eml"), Encoding.ASCII.GetBytes(mail));
        }

        Console.Out.WriteLine($"{files.Length} mails in {outDir}");
        return 0;
    }
}
