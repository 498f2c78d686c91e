using System.Text;
using Vigil.Engine.Platform;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Policy.Control;

/// <summary>
/// Reads a control file the qmail way: UTF-8 (a BOM is ignored), one value or pattern per line,
/// lines whose first non-blank character is `#` are comments, blank lines are ignored, and the
/// whitespace around a line is not part of it. A `#` later in a line is data (regexes use it).
/// </summary>
public static class ControlFileReader
{
    /// <summary>Control files are small; anything past this is an admin's mistake, not a policy.</summary>
    public const int MaxFileBytes = 8 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The lines of <paramref name="fileName"/> from the most specific layer holding it, else its
    /// built-in default. An unreadable file is an error and its default is used instead.
    /// </summary>
    public static (ControlSource Source, List<ControlLine> Lines) Read(ControlLayers layers, string fileName, ConfigReport report)
    {
        var path = Locate(layers, fileName);
        if (path is null)
        {
            return (new ControlSource(fileName, null), Split(BuiltInDefaults.For(fileName)));
        }

        var source = new ControlSource(fileName, path);
        string text;
        try
        {
            var bytes = ReadBounded(path, source, report);
            text = Decode(bytes, source, report);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Error(source, 0, $"cannot read: {ex.Message}; using the built-in default");
            return (new ControlSource(fileName, null), Split(BuiltInDefaults.For(fileName)));
        }

        return (source, Split(text));
    }

    /// <summary>
    /// The most specific directory's copy of <paramref name="fileName"/>, under Vigil's name or else
    /// the name a seed system gave it (QMVC's `badfilename`, Qmail-Scanner's
    /// `quarantine-attachments.txt`). <see cref="ControlDirectoryAudit"/> warns about both cases.
    /// </summary>
    private static string? Locate(ControlLayers layers, string fileName)
    {
        ControlFileNames.SeedNames.TryGetValue(fileName, out var seed);
        foreach (var dir in layers.Directories)
        {
            var own = Path.Combine(dir, fileName);
            if (File.Exists(own))
            {
                return own;
            }

            if (seed is not null && Path.Combine(dir, seed.Name) is var seedPath && File.Exists(seedPath))
            {
                return seedPath;
            }
        }

        return null;
    }

    /// <summary>Splits text into meaningful lines, numbering them as an editor would.</summary>
    public static List<ControlLine> Split(string text)
    {
        // A plain loop over '\n' rather than EnumerateLines: that one builds its SearchValues and
        // JIT-compiles their generic searchers on first use, which cost a CLI run about 15 ms.
        var lines = new List<ControlLine>();
        var number = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            number++;
            var line = text.AsSpan(start, end - start).Trim();
            if (!line.IsEmpty && line[0] != '#')
            {
                lines.Add(new ControlLine(number, line.ToString()));
            }

            start = end + 1;
        }

        // A file ending in a line break has no extra empty line.
        return lines;
    }

    private static byte[] ReadBounded(string path, ControlSource source, ConfigReport report)
    {
        // A bare handle and positional reads: no FileStream machinery for a file of a few lines.
        // The BCL opens it only when libc's open failed, to throw its usual exception.
        using var handle = PosixFile.OpenRead(path) ?? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var fileLength = RandomAccess.GetLength(handle);
        if (fileLength > MaxFileBytes)
        {
            report.Warning(source, 0, $"larger than {MaxFileBytes} bytes; only the start is read");
        }

        var bytes = new byte[(int)Math.Min(fileLength, MaxFileBytes)];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0)
            {
                // The file shrank while being read: what was there is what counts.
                return bytes[..read];
            }

            read += n;
        }

        return bytes;
    }

    private static string Decode(byte[] bytes, ControlSource source, ConfigReport report)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        if (Ascii.IsValid(span))
        {
            return Encoding.Latin1.GetString(span);
        }

        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            report.Warning(source, 0, "not valid UTF-8; invalid bytes read as U+FFFD");
            return Encoding.UTF8.GetString(span);
        }
    }
}
