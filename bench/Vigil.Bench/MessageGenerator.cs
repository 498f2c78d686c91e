using System.Buffers.Text;
using System.Text;

namespace Vigil.Bench;

/// <summary>
/// Writes the big test messages (to /tmp or a cache, never the repository). Content is seeded
/// pseudo-random bytes, so runs are repeatable and the data does not compress or match a type.
/// </summary>
public static class MessageGenerator
{
    private const int LineBytes = 57; // 57 bytes encode to one 76-character base64 line

    /// <summary>A short text part and one base64 attachment of <paramref name="attachmentBytes"/>.</summary>
    public static void WriteSingleAttachment(string path, long attachmentBytes)
    {
        using var output = Create(path);
        WriteHeaders(output, "A 50 MB attachment");
        WriteTextPart(output, 4 * 1024);
        WriteBase64Part(output, "archive-2024.bin", attachmentBytes, seed: 1);
        Ascii(output, "--" + Boundary + "--\n");
    }

    /// <summary>
    /// About <paramref name="totalBytes"/> of message: three base64 attachments, then a text part
    /// of a fifth of it (base64 grows each attachment by a third, hence the 3/4). Attachments come
    /// first so the decoder and the disk spool, not the text, meet the decoded-bytes budget.
    /// </summary>
    public static void WriteHuge(string path, long totalBytes)
    {
        using var output = Create(path);
        WriteHeaders(output, "A very large message");
        var text = totalBytes / 5;
        var each = (totalBytes - text) * 3 / 4 / 3;
        for (var i = 0; i < 3; i++)
        {
            WriteBase64Part(output, $"part{i + 1}.dat", each, seed: 10 + i);
        }

        WriteTextPart(output, text);

        Ascii(output, "--" + Boundary + "--\n");
    }

    private const string Boundary = "=_vigil_bench_boundary_7f3a";

    private static FileStream Create(string path) =>
        new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);

    private static void Ascii(Stream s, string text) => s.Write(Encoding.ASCII.GetBytes(text));

    private static void WriteHeaders(Stream s, string subject) => Ascii(s,
        "From: Bench Sender <sender@example.org>\n" +
        "To: Bench Recipient <rcpt@example.net>\n" +
        $"Subject: {subject}\n" +
        "Date: Thu, 21 Nov 2024 12:00:00 +0000\n" +
        "Message-ID: <bench@example.org>\n" +
        "MIME-Version: 1.0\n" +
        $"Content-Type: multipart/mixed; boundary=\"{Boundary}\"\n\n" +
        "This is a multi-part message in MIME format.\n\n");

    private static void WriteTextPart(Stream s, long bytes)
    {
        Ascii(s, $"--{Boundary}\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n");
        var line = 0L;
        long written = 0;
        var sb = new StringBuilder();
        while (written < bytes)
        {
            sb.Clear();
            for (var i = 0; i < 1000 && written < bytes; i++, line++)
            {
                var text = $"Line {line:D9}: the quarterly report is attached, please review the figures.\n";
                sb.Append(text);
                written += text.Length;
            }

            Ascii(s, sb.ToString());
        }

        Ascii(s, "\n");
    }

    private static void WriteBase64Part(Stream s, string name, long bytes, int seed)
    {
        Ascii(s, $"--{Boundary}\nContent-Type: application/octet-stream; name=\"{name}\"\n" +
            $"Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"{name}\"\n\n");
        var random = new Random(seed);
        const int linesPerChunk = 4096;
        var raw = new byte[LineBytes * linesPerChunk];
        var encoded = new byte[77 * linesPerChunk];
        long left = bytes;
        while (left > 0)
        {
            var chunk = (int)Math.Min(raw.Length, left);
            random.NextBytes(raw.AsSpan(0, chunk));
            var o = 0;
            for (var at = 0; at < chunk; at += LineBytes)
            {
                var n = Math.Min(LineBytes, chunk - at);
                Base64.EncodeToUtf8(raw.AsSpan(at, n), encoded.AsSpan(o), out _, out var w);
                o += w;
                encoded[o++] = (byte)'\n';
            }

            s.Write(encoded, 0, o);
            left -= chunk;
        }

        Ascii(s, "\n");
    }
}
