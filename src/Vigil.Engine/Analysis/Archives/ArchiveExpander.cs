using System.IO.Compression;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Lists and expands archives found by content in any leaf, adding each member as a child: zip,
/// gzip and tar by Vigil's own readers; rar, 7z, arj, ace, arc, bzip2, xz, lzip and zstd through
/// SharpCompress; cab is recognised and reported unreadable. Nested archives are not recursed
/// into here: the pipeline offers every new child to the expanders again, and the depth limit is
/// checked on the way in.
/// </summary>
public sealed class ArchiveExpander : IEntityExpander
{
    private const int InputBufferSize = 64 * 1024;

    public bool CanExpand(Entity entity) =>
        // The analyzer runs one expander per entity, so children found elsewhere (a second
        // quoted-printable reading, say) do not stop the archive from being opened.
        entity is { IsContainer: false, Content: { Length: > 0 } content }
        && ArchiveSniffer.Detect(content) != ArchiveFormat.None;

    public void Expand(Entity entity, AnalysisContext context)
    {
        var content = entity.Content;
        if (content is null || entity.IsContainer)
        {
            return;
        }

        var format = ArchiveSniffer.Detect(content);
        if (format == ArchiveFormat.None)
        {
            return;
        }

        var opener = ArchiveSniffer.OpenerOf(format);
        if (opener == ArchiveOpener.None)
        {
            ArchiveFaults.Unreadable(context, entity, ArchiveAnomalies.Unsupported, $"{Describe(format)} archive not expanded");
            return;
        }

        // The entity sits at its own archive depth; its members would be one deeper.
        if (entity.ArchiveDepth + 1 > context.Limits.MaxArchiveDepth)
        {
            context.Budget.Hit(LimitNames.ArchiveDepth, entity.Path, $"archives nested more than {context.Limits.MaxArchiveDepth} deep");
            return;
        }

        if (!context.Budget.CheckTime(entity.Path))
        {
            return;
        }

        var writer = new MemberWriter(entity, context);
        // The library's decoders read their input in small pieces (xz: a few bytes at a time); a
        // spooled file answers each with a system call, so give them a buffer: 7x faster on xz.
        using var stream = opener == ArchiveOpener.Library ? new BufferedStream(content.OpenRead(), InputBufferSize) : content.OpenRead();
        try
        {
            switch (format)
            {
                case ArchiveFormat.Zip:
                    new ZipArchiveReader(entity, stream, writer, context).Read();
                    break;
                case ArchiveFormat.Gzip:
                    new GzipArchiveReader(entity, stream, writer).Read();
                    break;
                case ArchiveFormat.Tar:
                    new TarArchiveReader(entity, stream, writer, context).Read();
                    break;
                case ArchiveFormat.Bzip2 or ArchiveFormat.Xz or ArchiveFormat.Lzip or ArchiveFormat.Zstd:
                    new CompressedStreamReader(entity, stream, format, writer).Read();
                    break;
                case ArchiveFormat.Rar4 or ArchiveFormat.Rar5 or ArchiveFormat.SevenZip or ArchiveFormat.Arj or ArchiveFormat.Ace or ArchiveFormat.Arc:
                    new LibraryArchiveReader(entity, stream, format, writer, context).Read();
                    break;
                default:
                    break;
            }
        }
        catch (Exception e) when (LibraryArchiveReader.IsLibraryFailure(e))
        {
            // Members found before the damage stay; the rest of the archive is lost to analysis.
            // The BCL's and the library's decompressors both throw on damage, with many types.
            ArchiveFaults.Unreadable(context, entity, ArchiveAnomalies.Broken, $"{Describe(format)} unreadable: {e.Message}");
        }
    }

    public static string Describe(ArchiveFormat format) => format switch
    {
        ArchiveFormat.SevenZip => "7z",
        ArchiveFormat.Rar4 => "rar",
        ArchiveFormat.Rar5 => "rar5",
        ArchiveFormat.Zstd => "zstd",
        _ => format.ToString().ToLowerInvariant(),
    };
}
