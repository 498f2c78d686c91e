using System.Buffers;

namespace Vigil.Mime.Decoding;

/// <summary>The base64 alphabet as a 256-entry table: 0..63 for the digits, or a marker.</summary>
internal static class Base64Alphabet
{
    public const byte Padding = 64;
    public const byte Whitespace = 65;
    public const byte Invalid = 66;

    /// <summary>Value of each byte; a plain array so the JIT drops bounds checks on a byte index.</summary>
    public static readonly byte[] Values = Build();

    /// <summary>The 64 digits, for vectorised searches of clean runs.</summary>
    public static readonly SearchValues<byte> Digits =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    private static byte[] Build()
    {
        var table = new byte[256];
        Array.Fill(table, Invalid);
        const string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < digits.Length; i++)
        {
            table[digits[i]] = (byte)i;
        }

        table['='] = Padding;
        foreach (var c in " \t\r\n\f\v")
        {
            table[c] = Whitespace;
        }

        return table;
    }
}
