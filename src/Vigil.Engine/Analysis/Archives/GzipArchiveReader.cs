using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Expands a gzip stream into its single member. The member is named from the header's FNAME
/// field when present (what gunzip -N restores), else from the archive's own name minus its
/// suffix. A tar inside is expanded later, when the pipeline offers the new member to the
/// expanders.
/// </summary>
internal sealed class GzipArchiveReader
{
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;
    private const int MaxNameBytes = 1024;
    private const int FixedHeaderSize = 10;
    private const int TrailerSize = 8;

    private readonly Entity _archive;
    private readonly Stream _stream;
    private readonly MemberWriter _writer;

    public GzipArchiveReader(Entity archive, Stream stream, MemberWriter writer)
    {
        _archive = archive;
        _stream = stream;
        _writer = writer;
    }

    public void Read()
    {
        var headerName = ReadHeaderName();
        var child = headerName is not null
            ? _writer.Add(headerName, NameSource.GzipHeader)
            : _writer.Add(CompressedNames.FromArchive(_archive.FileName, ArchiveFormat.Gzip), NameSource.ArchiveEntry);
        if (child is null)
        {
            return;
        }

        // ISIZE: the uncompressed size modulo 2^32 of the (last) member.
        Span<byte> trailer = stackalloc byte[4];
        if (_stream.Length >= FixedHeaderSize + TrailerSize && StreamReads.TryReadExactlyAt(_stream, _stream.Length - 4, trailer))
        {
            child.DeclaredSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        }

        _stream.Position = 0;
        using var gunzip = new GZipStream(_stream, CompressionMode.Decompress, leaveOpen: true);
        _writer.CopyContent(child, gunzip, _stream.Length);
    }

    /// <summary>The FNAME field, or null. RFC 1952 says ISO 8859-1, but many tools write UTF-8: take UTF-8 when valid.</summary>
    private string? ReadHeaderName()
    {
        Span<byte> header = stackalloc byte[FixedHeaderSize];
        if (!StreamReads.TryReadExactlyAt(_stream, 0, header) || (header[3] & FlagName) == 0)
        {
            return null;
        }

        long position = FixedHeaderSize;
        if ((header[3] & FlagExtra) != 0)
        {
            Span<byte> extraLength = stackalloc byte[2];
            if (!StreamReads.TryReadExactlyAt(_stream, position, extraLength))
            {
                return null;
            }

            position += 2 + BinaryPrimitives.ReadUInt16LittleEndian(extraLength);
        }

        Span<byte> name = stackalloc byte[MaxNameBytes];
        var got = StreamReads.ReadAt(_stream, position, name);
        var end = name[..got].IndexOf((byte)0);
        if (end <= 0)
        {
            return null;
        }

        var bytes = name[..end];
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }
}
