namespace Vigil.Mime.Embedded;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): yEnc's pcrc32 and crc32.</summary>
internal sealed class Crc32
{
    private static readonly uint[] Table = Build();

    private uint _state = 0xFFFFFFFF;

    public uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var table = Table;
        var state = _state;
        foreach (var b in data)
        {
            state = table[(state ^ b) & 0xFF] ^ (state >> 8);
        }

        _state = state;
    }

    private static uint[] Build()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ 0xEDB88320u : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
