using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Vigil.Engine.Tests.Archives;

/// <summary>
/// Writes zips byte by byte, for what ZipArchive will not produce: zip64 records on small data,
/// odd flags and methods, extra fields, members missing from the directory, prepended stubs.
/// </summary>
internal sealed class HandZip
{
    private readonly List<Member> _members = [];

    public byte[] Prefix { get; set; } = [];

    public bool Zip64 { get; set; }

    public HandZip Add(
        string name,
        byte[] data,
        bool deflate = false,
        ushort flags = 0,
        ushort? method = null,
        byte[]? extra = null,
        bool inDirectory = true,
        Encoding? nameEncoding = null,
        string? localName = null)
    {
        var stored = deflate ? Deflate(data) : data;
        var encoding = nameEncoding ?? Encoding.UTF8;
        _members.Add(new Member(
            encoding.GetBytes(name),
            localName is null ? null : encoding.GetBytes(localName),
            stored,
            data.Length,
            method ?? (ushort)(deflate ? 8 : 0),
            flags,
            extra ?? [],
            inDirectory));
        return this;
    }

    public byte[] Build()
    {
        var output = new MemoryStream();
        output.Write(Prefix);
        var offsets = new List<long>();
        foreach (var m in _members)
        {
            // Offsets are recorded relative to the zip, as a stub prepended later would leave them.
            offsets.Add(output.Length - Prefix.Length);
            var extra = Zip64 ? [.. Zip64Extra(m.Size, m.Data.Length, null), .. m.Extra] : m.Extra;
            var header = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), (ushort)(Zip64 ? 45 : 20));
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), m.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), m.Method);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), Zip64 ? uint.MaxValue : (uint)m.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), Zip64 ? uint.MaxValue : (uint)m.Size);
            var localName = m.LocalName ?? m.Name;
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)localName.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)extra.Length);
            output.Write(header);
            output.Write(localName);
            output.Write(extra);
            output.Write(m.Data);
        }

        var directoryStart = output.Length - Prefix.Length;
        var count = 0;
        for (var i = 0; i < _members.Count; i++)
        {
            var m = _members[i];
            if (!m.InDirectory)
            {
                continue;
            }

            count++;
            var extra = Zip64 ? [.. Zip64Extra(m.Size, m.Data.Length, offsets[i]), .. m.Extra] : m.Extra;
            var header = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 0x031e);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)(Zip64 ? 45 : 20));
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), m.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), m.Method);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), Zip64 ? uint.MaxValue : (uint)m.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), Zip64 ? uint.MaxValue : (uint)m.Size);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)m.Name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), (ushort)extra.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), Zip64 ? uint.MaxValue : (uint)offsets[i]);
            output.Write(header);
            output.Write(m.Name);
            output.Write(extra);
        }

        var directorySize = output.Length - Prefix.Length - directoryStart;
        if (Zip64)
        {
            var record = new byte[56];
            var recordOffset = output.Length - Prefix.Length;
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(4), 44);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(12), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(14), 45);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(24), (ulong)count);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(32), (ulong)count);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(40), (ulong)directorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(48), (ulong)directoryStart);
            output.Write(record);
            var locator = new byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
            BinaryPrimitives.WriteUInt64LittleEndian(locator.AsSpan(8), (ulong)recordOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(16), 1);
            output.Write(locator);
        }

        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), Zip64 ? ushort.MaxValue : (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), Zip64 ? ushort.MaxValue : (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), Zip64 ? uint.MaxValue : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), Zip64 ? uint.MaxValue : (uint)directoryStart);
        output.Write(end);
        return output.ToArray();
    }

    /// <summary>Info-ZIP Unicode Path extra field (0x7075); the CRC is not checked by the reader, so zero is fine.</summary>
    public static byte[] UnicodePathExtra(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        var field = new byte[4 + 5 + utf8.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(field, 0x7075);
        BinaryPrimitives.WriteUInt16LittleEndian(field.AsSpan(2), (ushort)(5 + utf8.Length));
        field[4] = 1;
        utf8.CopyTo(field, 9);
        return field;
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Zip64Extra(long size, long compressed, long? offset)
    {
        var field = new byte[4 + 16 + (offset is null ? 0 : 8)];
        BinaryPrimitives.WriteUInt16LittleEndian(field, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(field.AsSpan(2), (ushort)(field.Length - 4));
        BinaryPrimitives.WriteUInt64LittleEndian(field.AsSpan(4), (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(field.AsSpan(12), (ulong)compressed);
        if (offset is { } o)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(field.AsSpan(20), (ulong)o);
        }

        return field;
    }

    private sealed record Member(byte[] Name, byte[]? LocalName, byte[] Data, long Size, ushort Method, ushort Flags, byte[] Extra, bool InDirectory);
}
