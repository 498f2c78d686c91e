using Vigil.Mime.Model;

namespace Vigil.Mime.Embedded;

/// <summary>
/// Finds files encoded inside text bodies, the way mail clients (Outlook Express, Eudora,
/// newsreaders) show them as attachments: uuencode ("begin NNN name" and GNU "begin-base64"),
/// BinHex 4.0 and yEnc. Each becomes a child entity with its name and decoded bytes.
/// </summary>
/// <remarks>
/// Most text bodies hold none of these, so the scan only looks at the first bytes of each line
/// for a start marker; a body is read through once with a bounded line reader.
/// </remarks>
public sealed class EmbeddedFileExtractor : IEntityExpander
{
    // How often (in lines) the time budget is checked.
    private const int TimeCheckInterval = 4096;

    public bool CanExpand(Entity entity)
    {
        if (entity.IsContainer || entity.Content is null || entity.Content.Length == 0)
        {
            return false;
        }

        var type = entity.DeclaredType;
        if (type is null)
        {
            // A MIME body without a type is text/plain (RFC 2045); a file found elsewhere (an
            // archive member, a decoded file) has no declared type and must look like text.
            return entity.Source is EntitySource.Message or EntitySource.MimePart || LooksLikeText(entity.Content.Head);
        }

        if (type.StartsWith("text/", StringComparison.Ordinal))
        {
            return true;
        }

        return type == "application/octet-stream" && LooksLikeText(entity.Content.Head);
    }

    public void Expand(Entity entity, AnalysisContext context)
    {
        if (entity.Content is null)
        {
            return;
        }

        using var stream = entity.Content.OpenRead();
        using var reader = new BoundedLineReader(stream);
        IEmbeddedBlock? block = null;
        EmbeddedChildWriter? writer = null;
        var lines = 0;
        while (reader.TryReadLine(out var line, out var chopped))
        {
            if (++lines % TimeCheckInterval == 0 && !context.Budget.CheckTime(entity.Path))
            {
                break;
            }

            if (block is not null && writer is not null)
            {
                var verdict = block.Accept(line, chopped);
                if (verdict == LineVerdict.Continue)
                {
                    continue;
                }

                block.Complete(closed: verdict == LineVerdict.Done);
                block = null;
                if (writer.Refused)
                {
                    return;
                }

                if (verdict == LineVerdict.Done)
                {
                    continue;
                }
            }

            // The cheap test that rejects almost every line of an ordinary body.
            if (line.Length < 6 || line[0] is not ((byte)'b' or (byte)'=' or (byte)'(' or (byte)' '))
            {
                continue;
            }

            block = TryStart(line, entity, context, out writer);
            if (block is null && writer is { Refused: true })
            {
                return;
            }
        }

        block?.Complete(closed: false);
    }

    /// <summary>
    /// True when the head holds no NUL byte. Text in any 8-bit charset or UTF-8 has none; nearly
    /// every binary format has one in its first 8 KB. yEnc escapes NUL, so it passes too.
    /// </summary>
    internal static bool LooksLikeText(ReadOnlySpan<byte> head) => !head.IsEmpty && !head.Contains((byte)0);

    private static IEmbeddedBlock? TryStart(ReadOnlySpan<byte> line, Entity entity, AnalysisContext context, out EmbeddedChildWriter? writer)
    {
        // Children are added one block at a time, so the next one's number is known now.
        var index = entity.Children.Count + 1;
        writer = null;
        switch (line[0])
        {
            case (byte)'b' when UuencodeBeginLine.TryParse(line, out var isBase64, out var rawName):
                writer = new EmbeddedChildWriter(entity, context, EntitySource.Uuencode, NameSource.Uuencode, index);
                var name = EmbeddedChildWriter.DecodeName(rawName);
                return isBase64 ? new UuencodeBase64Block(writer, name) : new UuencodeBlock(writer, name);

            case (byte)'=' when line.StartsWith("=ybegin "u8):
                writer = new EmbeddedChildWriter(entity, context, EntitySource.YEnc, NameSource.YEnc, index);
                return YEncBlock.Start(line, writer);

            case (byte)'(' or (byte)' ' when BinHexBlock.IsStartLine(line):
                writer = new EmbeddedChildWriter(entity, context, EntitySource.BinHex, NameSource.BinHex, index);
                return new BinHexBlock(writer);

            default:
                return null;
        }
    }
}
