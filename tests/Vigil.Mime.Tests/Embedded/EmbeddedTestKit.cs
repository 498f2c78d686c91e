using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Mime.Tests.Embedded;

/// <summary>Builds text entities and small reference encoders for the embedded-file tests.</summary>
internal static class EmbeddedTestKit
{
    public static Entity TextEntity(AnalysisContext context, byte[] body, string? declaredType = "text/plain", string path = "1")
    {
        var entity = new Entity(path, EntitySource.MimePart) { DeclaredType = declaredType };
        entity.Content = context.NewSpool();
        entity.Content.Write(body);
        return entity;
    }

    public static Entity TextEntity(AnalysisContext context, string body, string? declaredType = "text/plain") =>
        TextEntity(context, Encoding.Latin1.GetBytes(body), declaredType);

    public static AnalysisContext NewContext(AnalysisLimits? limits = null) => new(limits ?? AnalysisLimits.Default);

    public static byte[] ReadAll(Entity entity)
    {
        Assert.NotNull(entity.Content);
        using var stream = entity.Content.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Classic uuencode with backquotes for zero, 45 bytes a line.</summary>
    public static string Uuencode(byte[] data, string name)
    {
        var text = new StringBuilder().Append("begin 644 ").Append(name).Append("\r\n");
        for (var offset = 0; offset < data.Length; offset += 45)
        {
            var count = Math.Min(45, data.Length - offset);
            text.Append(UuChar(count));
            for (var i = 0; i < count; i += 3)
            {
                var a = data[offset + i];
                var b = i + 1 < count ? data[offset + i + 1] : (byte)0;
                var c = i + 2 < count ? data[offset + i + 2] : (byte)0;
                text.Append(UuChar(a >> 2)).Append(UuChar(((a << 4) | (b >> 4)) & 63))
                    .Append(UuChar(((b << 2) | (c >> 6)) & 63)).Append(UuChar(c & 63));
            }

            text.Append("\r\n");
        }

        return text.Append("`\r\nend\r\n").ToString();
    }

    /// <summary>CRC-32 (IEEE), bit by bit, independent of the code under test.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static char UuChar(int value) => value == 0 ? '`' : (char)(value + 32);
}
