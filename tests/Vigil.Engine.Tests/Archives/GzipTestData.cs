using System.IO.Compression;
using System.Text;

namespace Vigil.Engine.Tests.Archives;

/// <summary>Gzip streams with or without the FNAME header field (GZipStream never writes one).</summary>
internal static class GzipTestData
{
    public static byte[] Gzip(byte[] data, string? fileName)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        var plain = output.ToArray();
        if (fileName is null)
        {
            return plain;
        }

        // Set FNAME and insert the NUL-terminated name after the 10-byte fixed header.
        var name = Encoding.Latin1.GetBytes(fileName + "\0");
        var named = new byte[plain.Length + name.Length];
        plain.AsSpan(0, 10).CopyTo(named);
        named[3] |= 0x08;
        name.CopyTo(named, 10);
        plain.AsSpan(10).CopyTo(named.AsSpan(10 + name.Length));
        return named;
    }
}
