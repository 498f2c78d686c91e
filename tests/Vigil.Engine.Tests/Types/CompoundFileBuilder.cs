using System.Buffers.Binary;
using System.Text;

namespace Vigil.Engine.Tests.Types;

/// <summary>One stream or storage of a synthetic OLE2 file.</summary>
internal sealed record CompoundNode(string Name, bool IsStorage = false, params CompoundNode[] Children);

/// <summary>
/// Writes a minimal valid OLE2 compound file (512-byte sectors): a header, one FAT sector and a
/// directory chain, optionally after filler sectors so that the directory lies past the head.
/// Streams have no data: type detection only reads the directory.
/// </summary>
internal static class CompoundFileBuilder
{
    private const int SectorSize = 512;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint Free = 0xFFFFFFFF;
    private const uint FatSector = 0xFFFFFFFD;

    public static byte[] Build(Guid? rootClass, int fillerSectors, params CompoundNode[] rootChildren)
    {
        var entries = new List<byte[]>();
        var root = NewEntry("Root Entry", 5);
        entries.Add(root);
        if (rootClass is { } clsid)
        {
            clsid.ToByteArray().CopyTo(root, 0x50);
        }

        var firstChild = AddSiblings(entries, rootChildren);
        BinaryPrimitives.WriteUInt32LittleEndian(root.AsSpan(0x4C), firstChild);

        var directorySectors = (entries.Count + 3) / 4;
        var firstDirectory = 1 + fillerSectors;
        var file = new byte[SectorSize * (1 + 1 + fillerSectors + directorySectors)];
        var header = file.AsSpan(0, SectorSize);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], (uint)firstDirectory);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], EndOfChain);
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + (4 * i))..], i == 0 ? 0 : Free);
        }

        // Sector 0 is the FAT: itself, the filler, then the directory chain.
        var fat = file.AsSpan(SectorSize, SectorSize);
        for (var s = 0; s < SectorSize / 4; s++)
        {
            uint value = s == 0 ? FatSector
                : s < firstDirectory ? EndOfChain
                : s < firstDirectory + directorySectors - 1 ? (uint)(s + 1)
                : s == firstDirectory + directorySectors - 1 ? EndOfChain
                : Free;
            BinaryPrimitives.WriteUInt32LittleEndian(fat[(4 * s)..], value);
        }

        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].CopyTo(file, ((firstDirectory + 1) * SectorSize) + (i * 128));
        }

        return file;
    }

    /// <summary>Adds nodes as a right-leaning sibling chain; returns the first one's index.</summary>
    private static uint AddSiblings(List<byte[]> entries, CompoundNode[] nodes)
    {
        var first = Free;
        byte[]? previous = null;
        foreach (var node in nodes)
        {
            var entry = NewEntry(node.Name, node.IsStorage ? (byte)1 : (byte)2);
            var index = (uint)entries.Count;
            entries.Add(entry);
            if (previous is null)
            {
                first = index;
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(previous.AsSpan(0x48), index);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(0x4C), AddSiblings(entries, node.Children));
            previous = entry;
        }

        return first;
    }

    private static byte[] NewEntry(string name, byte type)
    {
        var entry = new byte[128];
        var nameBytes = Encoding.Unicode.GetBytes(name);
        nameBytes.CopyTo(entry, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(0x40), (ushort)(nameBytes.Length + 2));
        entry[0x42] = type;
        entry[0x43] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(0x44), Free);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(0x48), Free);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(0x4C), Free);
        return entry;
    }
}
