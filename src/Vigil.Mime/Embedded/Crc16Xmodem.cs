namespace Vigil.Mime.Embedded;

/// <summary>CRC-16/XMODEM (CCITT polynomial 0x1021, initial value 0, no reflection): BinHex 4.0's checksum.</summary>
internal static class Crc16Xmodem
{
    private static readonly ushort[] Table = Build();

    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (var b in data)
        {
            crc = (ushort)((crc << 8) ^ table[((crc >> 8) ^ b) & 0xFF]);
        }

        return crc;
    }

    public static ushort Update(ushort crc, byte b) => (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);

    private static ushort[] Build()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var value = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 0x8000) != 0 ? (ushort)((value << 1) ^ 0x1021) : (ushort)(value << 1);
            }

            table[i] = value;
        }

        return table;
    }
}
