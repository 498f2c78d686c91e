using Vigil.Engine.Smtp;

namespace Vigil.Bench.Load;

/// <summary>
/// The messages a load run sends, read once into memory: every file under the given directories
/// in path order (each read bounded: a file over <see cref="MaxMessageBytes"/> is left out), as
/// the raw bytes (for clamd) and as the SMTP DATA payload (CRLF line ends, dot-stuffed, ending
/// with the dot line).
/// </summary>
public sealed class LoadCorpus
{
    /// <summary>Larger files are skipped: clamd's StreamMaxLength in the private instance is 10 MB.</summary>
    public const int MaxMessageBytes = 8 * 1024 * 1024;

    private LoadCorpus(byte[][] raw, byte[][] data, int skipped)
    {
        Raw = raw;
        Data = data;
        Skipped = skipped;
    }

    public byte[][] Raw { get; }

    public byte[][] Data { get; }

    public int Skipped { get; }

    public int Count => Raw.Length;

    public long RawBytes => Raw.Sum(m => (long)m.Length);

    public static LoadCorpus Read(IEnumerable<string> dirs)
    {
        var files = dirs.SelectMany(d => File.Exists(d) ? [d] : Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).ToArray();
        var raw = new List<byte[]>(files.Length);
        var skipped = 0;
        foreach (var file in files)
        {
            var bytes = ReadBounded(file);
            if (bytes is null || bytes.Length == 0)
            {
                skipped++;
                continue;
            }

            raw.Add(bytes);
        }

        return new LoadCorpus([.. raw], [.. raw.Select(ToSmtpData)], skipped);
    }

    /// <summary>The file's bytes, or null when it holds more than <see cref="MaxMessageBytes"/>.</summary>
    private static byte[]? ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[MaxMessageBytes + 1];
        var total = 0;
        int n;
        while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += n;
        }

        return total > MaxMessageBytes ? null : buffer[..total];
    }

    /// <summary>As the gateway sends DATA: CRLF line ends (a bare LF or CR becomes CRLF), a leading dot doubled, then ".\r\n".</summary>
    public static byte[] ToSmtpData(byte[] message) => DotStuffing.Encode(message);
}
