using System.Buffers.Binary;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>Record signatures of the zip format (APPNOTE), as little-endian integers.</summary>
internal static class ZipSignatures
{
    public const uint LocalHeader = 0x04034b50;
    public const uint CentralHeader = 0x02014b50;
    public const uint EndOfDirectory = 0x06054b50;
    public const uint Zip64EndOfDirectory = 0x06064b50;
    public const uint Zip64Locator = 0x07064b50;
    public const uint SpanMarker = 0x08074b50;

    public const int LocalHeaderSize = 30;
    public const int CentralHeaderSize = 46;
    public const int EndOfDirectorySize = 22;
    public const int Zip64LocatorSize = 20;
    public const int Zip64EndOfDirectorySize = 56;

    /// <summary>The end record sits within its own size plus the longest comment from the end.</summary>
    public const int MaxEndSearch = EndOfDirectorySize + ushort.MaxValue;

    public static bool Is(ReadOnlySpan<byte> data, int at, uint signature) =>
        at >= 0 && at + 4 <= data.Length && BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) == signature;
}
