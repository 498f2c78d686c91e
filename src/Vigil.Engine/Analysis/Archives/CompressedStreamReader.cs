using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.LZMA;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Expands a single-file compressor (bzip2, xz, lzip, zstd) into its one member through the
/// library's decompressors, named after the archive minus its suffix. A tar inside is opened
/// later, when the pipeline offers the new member to the expanders again (so "x.tar.xz" is an
/// xz holding "x.tar" holding the files).
/// </summary>
internal sealed class CompressedStreamReader(Entity archive, Stream stream, ArchiveFormat format, MemberWriter writer)
{
    private const int ZstdBufferSize = 64 * 1024;

    public void Read()
    {
        var child = writer.Add(CompressedNames.FromArchive(archive.FileName, format), NameSource.ArchiveEntry);
        if (child is null)
        {
            return;
        }

        stream.Position = 0;
        using var decompressed = Open();
        writer.CopyContent(child, decompressed, stream.Length);
    }

    private Stream Open() => format switch
    {
        // Concatenated streams (pbzip2's output) are one file to bunzip2, so read them all.
        ArchiveFormat.Bzip2 => BZip2Stream.Create(stream, CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: true, tolerateTruncatedStream: false),
        ArchiveFormat.Xz => new XZStream(stream),
        ArchiveFormat.Lzip => LZipStream.Create(stream, CompressionMode.Decompress, leaveOpen: true),
        ArchiveFormat.Zstd => new DecompressionStream(stream, ZstdBufferSize, checkEndOfStream: true, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a single-file compressor"),
    };
}
