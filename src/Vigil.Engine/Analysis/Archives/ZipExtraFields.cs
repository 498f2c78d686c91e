using System.Buffers.Binary;
using System.Text;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>Reads the extra fields of a zip header that change how the entry must be read.</summary>
internal static class ZipExtraFields
{
    private const ushort Zip64 = 0x0001;
    private const ushort UnicodePath = 0x7075;
    private const ushort Aes = 0x9901;
    private const uint Overflow32 = uint.MaxValue;

    /// <summary>
    /// Applies the fields of <paramref name="extra"/> to <paramref name="entry"/>. The zip64 field
    /// holds, in this order, only the values whose 32-bit header field overflowed.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> extra, ZipEntry entry, bool usizeOverflow, bool csizeOverflow, bool offsetOverflow)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + size > extra.Length)
            {
                return;
            }

            var data = extra.Slice(4, size);
            switch (id)
            {
                case Zip64:
                    ApplyZip64(data, entry, usizeOverflow, csizeOverflow, offsetOverflow);
                    break;
                case UnicodePath when data.Length > 5 && data[0] == 1:
                    entry.UnicodePath = Encoding.UTF8.GetString(data[5..]);
                    break;
                case Aes when data.Length >= 7:
                    entry.AesInnerMethod = BinaryPrimitives.ReadUInt16LittleEndian(data[5..]);
                    break;
                default:
                    break;
            }

            extra = extra[(4 + size)..];
        }
    }

    public static bool Overflows(uint value) => value == Overflow32;

    private static void ApplyZip64(ReadOnlySpan<byte> data, ZipEntry entry, bool usize, bool csize, bool offset)
    {
        if (usize && TryTake(ref data, out var u))
        {
            entry.UncompressedSize = u;
        }

        if (csize && TryTake(ref data, out var c))
        {
            entry.CompressedSize = c;
        }

        if (offset && TryTake(ref data, out var o))
        {
            entry.LocalHeaderOffset = o;
        }
    }

    private static bool TryTake(ref ReadOnlySpan<byte> data, out long value)
    {
        value = 0;
        if (data.Length < 8)
        {
            return false;
        }

        var raw = BinaryPrimitives.ReadUInt64LittleEndian(data);
        data = data[8..];
        value = raw > long.MaxValue ? long.MaxValue : (long)raw;
        return true;
    }
}
