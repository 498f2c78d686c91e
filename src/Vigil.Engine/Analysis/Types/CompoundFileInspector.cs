using System.Buffers;
using System.Buffers.Binary;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Tells OLE2 compound files apart by their directory: Word (a root-level "WordDocument" stream),
/// Excel ("Workbook" or "Book"), PowerPoint ("PowerPoint Document"), Outlook messages
/// ("__properties_version1.0"), Windows Installer (the root's MSI class id); and finds a VBA
/// project ("_VBA_PROJECT", "_VBA_PROJECT_CUR", a root-level "Macros" storage). It follows the
/// directory's sector chain through the FAT, within fixed bounds; with only the head known, a
/// directory past the head is simply not seen and the answer is "ole2". Excel 4 (XLM) macros live
/// inside the Workbook stream and are not detected here.
/// </summary>
internal static class CompoundFileInspector
{
    private const int MaxDirectorySectors = 4096;
    private const int MaxEntries = 20_000;
    private const int MaxDifatSectors = 4096;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint NoStream = 0xFFFFFFFF;

    // {000C1084-0000-0000-C000-000000000046} (installer) and {000C1086-...} (patch), as stored.
    private static ReadOnlySpan<byte> MsiClassId => [0x84, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    private static ReadOnlySpan<byte> MsiPatchClassId => [0x86, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    public static DetectedType Classify(ref ContentReader content)
    {
        var head = content.Head;
        if (head.Length < 512)
        {
            return DocumentTypes.Ole2;
        }

        var sectorShift = content.U16LE(0x1E);
        if (content.U16LE(0x1C) != 0xFFFE || sectorShift is not (9 or 12))
        {
            return DocumentTypes.Ole2;
        }

        var entries = ArrayPool<DirectoryEntry>.Shared.Rent(256);
        try
        {
            var count = ReadDirectory(ref content, 1 << sectorShift, ref entries);
            return count == 0 ? DocumentTypes.Ole2 : Judge(entries.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<DirectoryEntry>.Shared.Return(entries);
        }
    }

    private static DetectedType Judge(ReadOnlySpan<DirectoryEntry> entries)
    {
        var root = entries[0];
        var macros = false;
        foreach (var entry in entries)
        {
            macros |= entry.Name is StreamName.VbaProject or StreamName.VbaProjectCurrent;
        }

        // Root-level names: the root's child and that child's siblings (a red-black tree), walked with a bounded stack.
        var word = false;
        var excel = false;
        var powerPoint = false;
        var outlook = false;
        Span<uint> stack = stackalloc uint[64];
        var depth = 0;
        var visited = 0;
        if (root.Child < (uint)entries.Length)
        {
            stack[depth++] = root.Child;
        }

        while (depth > 0 && visited++ < entries.Length)
        {
            var entry = entries[(int)stack[--depth]];
            word |= entry.Name == StreamName.WordDocument;
            excel |= entry.Name == StreamName.Workbook;
            powerPoint |= entry.Name == StreamName.PowerPointDocument;
            outlook |= entry.Name == StreamName.OutlookProperties;
            macros |= entry.Name == StreamName.Macros && entry.IsStorage;
            if (entry.Left < (uint)entries.Length && depth < stack.Length)
            {
                stack[depth++] = entry.Left;
            }

            if (entry.Right < (uint)entries.Length && depth < stack.Length)
            {
                stack[depth++] = entry.Right;
            }
        }

        if (root.IsInstaller)
        {
            return ExecutableTypes.Msi;
        }

        var type = word ? DocumentTypes.Doc
            : excel ? DocumentTypes.Xls
            : powerPoint ? DocumentTypes.Ppt
            : outlook ? DocumentTypes.OutlookMessage
            : DocumentTypes.Ole2;
        return macros ? DocumentTypes.WithMacros(type) : type;
    }

    /// <summary>Reads directory entries along the directory's chain; returns how many (0 when unreadable).</summary>
    private static int ReadDirectory(ref ContentReader content, int sectorSize, ref DirectoryEntry[] entries)
    {
        var sector = content.U32LE(0x30);
        var count = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(sectorSize);
        try
        {
            for (var sectors = 0; sectors < MaxDirectorySectors && sector < EndOfChain && count < MaxEntries; sectors++)
            {
                var sectorBytes = buffer.AsSpan(0, sectorSize);
                if (content.ReadAt(SectorOffset(sector, sectorSize), sectorBytes) != sectorSize)
                {
                    break;
                }

                for (var at = 0; at + 128 <= sectorSize && count < MaxEntries; at += 128)
                {
                    if (count == entries.Length)
                    {
                        var bigger = ArrayPool<DirectoryEntry>.Shared.Rent(entries.Length * 2);
                        entries.AsSpan(0, count).CopyTo(bigger);
                        ArrayPool<DirectoryEntry>.Shared.Return(entries);
                        entries = bigger;
                    }

                    entries[count++] = DirectoryEntry.Parse(sectorBytes.Slice(at, 128));
                }

                sector = NextSector(ref content, sector, sectorSize);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // The first entry must be the root storage.
        return count > 0 && entries[0].IsRoot ? count : 0;
    }

    private static long SectorOffset(uint sector, int sectorSize) => (sector + 1L) * sectorSize;

    /// <summary>The FAT entry for <paramref name="sector"/>: finds the FAT sector through the DIFAT (header first, then its chain).</summary>
    private static uint NextSector(ref ContentReader content, uint sector, int sectorSize)
    {
        var perSector = (uint)(sectorSize / 4);
        var fatIndex = sector / perSector;
        uint fatSector;
        if (fatIndex < 109)
        {
            fatSector = content.U32LE(0x4C + (int)(fatIndex * 4));
        }
        else
        {
            fatSector = DifatEntry(ref content, fatIndex - 109, sectorSize);
        }

        if (fatSector >= EndOfChain - 4)
        {
            return EndOfChain;
        }

        Span<byte> next = stackalloc byte[4];
        var offset = SectorOffset(fatSector, sectorSize) + ((sector % perSector) * 4);
        return content.ReadAt(offset, next) == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(next) : EndOfChain;
    }

    private static uint DifatEntry(ref ContentReader content, uint index, int sectorSize)
    {
        var perSector = (uint)(sectorSize / 4) - 1;
        var difatSector = content.U32LE(0x44);
        Span<byte> value = stackalloc byte[4];
        for (var hops = 0; hops < MaxDifatSectors && difatSector < EndOfChain - 4; hops++)
        {
            if (index < perSector)
            {
                return content.ReadAt(SectorOffset(difatSector, sectorSize) + (index * 4), value) == 4
                    ? BinaryPrimitives.ReadUInt32LittleEndian(value)
                    : EndOfChain;
            }

            index -= perSector;
            if (content.ReadAt(SectorOffset(difatSector, sectorSize) + (perSector * 4), value) != 4)
            {
                return EndOfChain;
            }

            difatSector = BinaryPrimitives.ReadUInt32LittleEndian(value);
        }

        return EndOfChain;
    }

    /// <summary>The few names that matter, recognised once while reading.</summary>
    private enum StreamName : byte
    {
        Other,
        WordDocument,
        Workbook,
        PowerPointDocument,
        OutlookProperties,
        Macros,
        VbaProject,
        VbaProjectCurrent,
    }

    private readonly struct DirectoryEntry
    {
        private DirectoryEntry(StreamName name, byte type, uint left, uint right, uint child, bool isInstaller)
        {
            Name = name;
            Type = type;
            Left = left;
            Right = right;
            Child = child;
            IsInstaller = isInstaller;
        }

        public StreamName Name { get; }

        public byte Type { get; }

        public uint Left { get; }

        public uint Right { get; }

        public uint Child { get; }

        public bool IsInstaller { get; }

        public bool IsRoot => Type == 5;

        public bool IsStorage => Type == 1;

        public static DirectoryEntry Parse(ReadOnlySpan<byte> raw)
        {
            var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(raw[0x40..]);
            var type = raw[0x42];
            var name = nameBytes is >= 2 and <= 64 && (nameBytes & 1) == 0 ? Recognise(raw[..(nameBytes - 2)]) : StreamName.Other;
            var classId = raw.Slice(0x50, 16);
            var installer = type == 5 && (classId.SequenceEqual(MsiClassId) || classId.SequenceEqual(MsiPatchClassId));
            return new DirectoryEntry(
                name,
                type,
                BinaryPrimitives.ReadUInt32LittleEndian(raw[0x44..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[0x48..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[0x4C..]),
                installer);
        }

        private static StreamName Recognise(ReadOnlySpan<byte> utf16Name)
        {
            if (Utf16Equals(utf16Name, "WordDocument"))
            {
                return StreamName.WordDocument;
            }

            if (Utf16Equals(utf16Name, "Workbook") || Utf16Equals(utf16Name, "Book"))
            {
                return StreamName.Workbook;
            }

            if (Utf16Equals(utf16Name, "PowerPoint Document"))
            {
                return StreamName.PowerPointDocument;
            }

            if (Utf16Equals(utf16Name, "__properties_version1.0"))
            {
                return StreamName.OutlookProperties;
            }

            if (Utf16Equals(utf16Name, "Macros"))
            {
                return StreamName.Macros;
            }

            if (Utf16Equals(utf16Name, "_VBA_PROJECT"))
            {
                return StreamName.VbaProject;
            }

            return Utf16Equals(utf16Name, "_VBA_PROJECT_CUR") ? StreamName.VbaProjectCurrent : StreamName.Other;
        }

        /// <summary>Compares a UTF-16LE name with an ASCII one, ignoring ASCII case as the format does.</summary>
        private static bool Utf16Equals(ReadOnlySpan<byte> utf16Name, string ascii)
        {
            if (utf16Name.Length != ascii.Length * 2)
            {
                return false;
            }

            for (var i = 0; i < ascii.Length; i++)
            {
                if (utf16Name[(2 * i) + 1] != 0 || char.ToUpperInvariant((char)utf16Name[2 * i]) != char.ToUpperInvariant(ascii[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
