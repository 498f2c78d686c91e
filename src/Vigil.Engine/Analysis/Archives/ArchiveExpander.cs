using System.IO.Compression;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Lists and expands archives (zip, gzip, tar; rar listed) found by content in any leaf, adding
/// each member as a child. Nested archives are not recursed into here: the pipeline offers every
/// new child to the expanders again, and the depth limit is checked on the way in.
/// </summary>
public sealed class ArchiveExpander : IEntityExpander
{
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

        if (!ArchiveSniffer.IsExpandable(format))
        {
            context.Report(ArchiveAnomalies.Unsupported, entity.Path, $"{Describe(format)} archive not expanded");
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
        using var stream = content.OpenRead();
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
                case ArchiveFormat.Rar4:
                    new Rar4ArchiveReader(entity, stream, writer, context).Read();
                    break;
                case ArchiveFormat.Rar5:
                    new Rar5ArchiveReader(entity, stream, writer, context).Read();
                    break;
                default:
                    break;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or OverflowException or NotSupportedException)
        {
            // Members found before the damage stay; the rest of the archive is lost to analysis.
            context.Report(ArchiveAnomalies.Broken, entity.Path, $"{Describe(format)} unreadable: {e.Message}");
        }
    }

    public static string Describe(ArchiveFormat format) => format switch
    {
        ArchiveFormat.SevenZip => "7z",
        ArchiveFormat.Rar4 => "rar",
        ArchiveFormat.Rar5 => "rar5",
        _ => format.ToString().ToLowerInvariant(),
    };
}
