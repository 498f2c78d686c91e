using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Vigil.Engine.Tests.Fuzz;

/// <summary>
/// Mails carrying a zip, tar, tar.gz or gzip whose bytes are damaged before base64 encoding, so
/// the archive readers (not just the MIME decoders) meet flipped bits, cuts and inserted junk.
/// </summary>
internal static class DamagedArchives
{
    private const string Crlf = "\r\n";

    public static FuzzCase Generate(Random random)
    {
        var log = new StringBuilder();
        var (archive, name) = random.Next(4) switch
        {
            0 => (Zip(random, log), "a.zip"),
            1 => (Tar(random, log), "a.tar"),
            2 => (GzipOf(Tar(random, log)), "a.tar.gz"),
            _ => (GzipOf(Encoding.ASCII.GetBytes("MZ" + new string('x', random.Next(5000)))), "a.exe.gz"),
        };

        log.Append($" {name} {archive.Length}B:");
        for (var i = 1 + random.Next(3); i > 0; i--)
        {
            archive = random.Next(4) switch
            {
                0 => Mutations.FlipBits(archive, random, log),
                1 => Mutations.InsertBytes(archive, random, log),
                2 => Mutations.DeleteRange(archive, random, log),
                _ => Mutations.Truncate(archive, random, log),
            };
        }

        var text = $"From: a@example.com{Crlf}Subject: archive{Crlf}MIME-Version: 1.0{Crlf}" +
            $"Content-Type: multipart/mixed; boundary=z{Crlf}{Crlf}--z{Crlf}" +
            $"Content-Type: application/octet-stream; name=\"{name}\"{Crlf}Content-Transfer-Encoding: base64{Crlf}{Crlf}" +
            Convert.ToBase64String(archive, Base64FormattingOptions.InsertLineBreaks) + $"{Crlf}--z--{Crlf}";
        return new FuzzCase(Encoding.ASCII.GetBytes(text), "damaged archive:" + log);
    }

    private static byte[] Zip(Random random, StringBuilder log)
    {
        var entries = 1 + random.Next(20);
        var nested = random.Next(3) == 0;
        log.Append($"zip of {entries} entries nested={nested}");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < entries; i++)
            {
                var entry = zip.CreateEntry(i % 3 == 0 ? $"dir{i}/f{i}.exe" : $"f{i}.txt", random.Next(2) == 0 ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(Content(random));
            }

            if (nested)
            {
                var inner = zip.CreateEntry("inner.zip");
                using var stream = inner.Open();
                stream.Write(Zip(random, log));
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Tar(Random random, StringBuilder log)
    {
        var entries = 1 + random.Next(10);
        log.Append($"tar of {entries} entries");
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            for (var i = 0; i < entries; i++)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"d/{new string('n', random.Next(200))}{i}.exe")
                {
                    DataStream = new MemoryStream(Content(random)),
                };
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] GzipOf(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    private static byte[] Content(Random random)
    {
        var bytes = new byte[random.Next(3000)];
        if (random.Next(2) == 0)
        {
            random.NextBytes(bytes);
        }
        else
        {
            bytes.AsSpan().Fill((byte)'A');
        }

        if (bytes.Length >= 2)
        {
            bytes[0] = (byte)'M';
            bytes[1] = (byte)'Z';
        }

        return bytes;
    }
}
