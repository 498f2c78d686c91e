using System.Buffers;
using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Names;
using Vigil.Mime.Spooling;

namespace Vigil.Mime.Tnef;

/// <summary>
/// Turns what <see cref="TnefParser"/> read into child entities: one per attachment (with every
/// name it carries and its content spooled), a container per attached message (read recursively,
/// depth bounded), and one per message body.
/// </summary>
internal sealed class TnefEntityBuilder(TnefStreamReader reader, AnalysisContext context)
{
    private const int MaxProblemsInDetail = 5;

    /// <summary>Set once the part or byte budget says no: nothing more is added.</summary>
    private bool _stopped;

    public void AddChildren(Entity parent, TnefMessage message, int depth, bool timedOut)
    {
        ReportProblems(parent.Path, message);
        if (timedOut)
        {
            context.Budget.CheckTime(parent.Path);
            _stopped = true;
        }

        var index = 0;
        foreach (var attachment in message.Attachments)
        {
            if (_stopped)
            {
                return;
            }

            AddAttachment(parent, attachment, depth, ref index);
        }

        foreach (var body in message.Bodies)
        {
            if (_stopped)
            {
                return;
            }

            AddBody(parent, body, ++index);
        }
    }

    private void AddAttachment(Entity parent, TnefAttachment attachment, int depth, ref int index)
    {
        var names = SortedNames(attachment);
        var primary = names.Count > 0 ? FileNameNormalizer.Normalize(names[0].Raw) : null;
        var child = NewChild(parent, primary, ++index);
        if (child is null)
        {
            return;
        }

        Describe(child, attachment, names);

        if (attachment.EmbeddedMessage is { } embedded)
        {
            child.IsContainer = true;
            if (depth + 1 >= context.Limits.MaxMimeDepth)
            {
                context.Budget.Hit(LimitNames.MimeDepth, child.Path, $"attached TNEF messages nested more than {context.Limits.MaxMimeDepth} deep");
            }
            else
            {
                var parser = new TnefParser(reader, context.Budget);
                var nested = parser.Parse(embedded);
                AddChildren(child, nested, depth + 1, parser.TimedOut);
            }

            if (attachment.Data.Count == 0)
            {
                return;
            }
        }

        // Each distinct copy of the content is scanned: a client may open either.
        var target = child;
        for (var i = 0; i < attachment.Data.Count && !_stopped; i++)
        {
            if (IsDuplicate(attachment.Data, i))
            {
                continue;
            }

            if (target.Content is not null || target.IsContainer)
            {
                // An attached message normally comes with a placeholder text in attAttachData;
                // two different plain contents for one attachment is a trick or a broken writer.
                if (!target.IsContainer)
                {
                    context.Report(AnomalyCodes.TnefBroken, parent.Path, "an attachment carries two different contents");
                }

                var extra = NewChild(parent, primary, ++index);
                if (extra is null)
                {
                    return;
                }

                Describe(extra, attachment, names);
                target = extra;
            }

            target.Content = context.NewSpool();
            CopyRange(target.Content, attachment.Data[i], target.Path);
        }

        if (attachment.Data.Count == 0 && !child.IsContainer)
        {
            // A zero-length file is still an attachment a user can open.
            child.Content = context.NewSpool();
        }
    }

    private void AddBody(Entity parent, TnefBody body, int index)
    {
        var child = NewChild(parent, body.Name, index);
        if (child is null)
        {
            return;
        }

        child.DeclaredType = body.MediaType;
        var spool = context.NewSpool();
        child.Content = spool;
        switch (body.Kind)
        {
            case TnefBodyKind.Raw:
                CopyRange(spool, body.Data, child.Path);
                break;
            case TnefBodyKind.String8:
                CopyRange(spool, WithoutTrailingNuls(body.Data), child.Path);
                break;
            case TnefBodyKind.Utf16:
                child.Charset = "utf-8";
                TranscodeUtf16(spool, body.Data, child.Path);
                break;
            case TnefBodyKind.CompressedRtf:
                if (!CompressedRtf.Decode(reader, body.Data, chunk => WriteDrawn(spool, chunk, child.Path)))
                {
                    context.Report(AnomalyCodes.TnefBroken, child.Path, "compressed RTF body is broken");
                }

                break;
        }
    }

    /// <summary>8-bit strings end in a NUL that is not part of the text.</summary>
    private ByteRange WithoutTrailingNuls(ByteRange range)
    {
        Span<byte> tail = stackalloc byte[16];
        var length = range.Length;
        while (length > 0)
        {
            var n = (int)Math.Min(tail.Length, length);
            if (!reader.TryRead(range.Offset + length - n, range.End, tail[..n]))
            {
                break;
            }

            var kept = tail[..n].TrimEnd((byte)0).Length;
            length -= n - kept;
            if (kept > 0)
            {
                break;
            }
        }

        return range with { Length = length };
    }

    private Entity? NewChild(Entity parent, string? name, int index)
    {
        var path = parent.MemberPath(name, index);
        if (!context.Budget.TryAddPart(path))
        {
            _stopped = true;
            return null;
        }

        return parent.AddChild(path, EntitySource.Tnef);
    }

    private static void Describe(Entity child, TnefAttachment attachment, List<(string Raw, NameSource Source, int Priority)> names)
    {
        foreach (var (raw, source, _) in names)
        {
            child.AddName(new NameCandidate(raw, FileNameNormalizer.Normalize(raw), source));
        }

        // PR_ATTACH_EXTENSION can pick the program that opens the file; when it disagrees with
        // every name it is kept as a name of its own so extension policy sees it.
        var extension = attachment.Extension?.Trim();
        if (!string.IsNullOrEmpty(extension) && extension.Length > 1 && !EndsWithAny(names, extension))
        {
            child.AddName(new NameCandidate(extension, FileNameNormalizer.Normalize(extension), NameSource.TnefLongFilename));
        }

        var mimeTag = attachment.MimeTag?.Trim();
        if (!string.IsNullOrEmpty(mimeTag) && mimeTag.Contains('/', StringComparison.Ordinal))
        {
            child.DeclaredType = mimeTag.ToLowerInvariant();
        }
    }

    private static bool EndsWithAny(List<(string Raw, NameSource Source, int Priority)> names, string extension)
    {
        foreach (var (raw, _, _) in names)
        {
            if (FileNameNormalizer.Normalize(raw).EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static List<(string Raw, NameSource Source, int Priority)> SortedNames(TnefAttachment attachment)
    {
        // Stable by priority: the first name is the one shown to users.
        var sorted = new List<(string Raw, NameSource Source, int Priority)>(attachment.Names.Count);
        for (var p = NamePriority.LongFilename; p <= NamePriority.Extension; p++)
        {
            foreach (var name in attachment.Names)
            {
                if (name.Priority == p)
                {
                    sorted.Add(name);
                }
            }
        }

        return sorted;
    }

    private bool IsDuplicate(List<ByteRange> data, int i)
    {
        for (var j = 0; j < i; j++)
        {
            if (reader.SameBytes(data[j], data[i]))
            {
                return true;
            }
        }

        return false;
    }

    private void CopyRange(ContentSpool spool, ByteRange range, string path)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(TnefStreamReader.ChunkSize);
        try
        {
            for (var offset = range.Offset; offset < range.End;)
            {
                var n = (int)Math.Min(buffer.Length, range.End - offset);
                if (!reader.TryRead(offset, range.End, buffer.AsSpan(0, n)) || !WriteDrawn(spool, buffer.AsSpan(0, n), path))
                {
                    return;
                }

                offset += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void TranscodeUtf16(ContentSpool spool, ByteRange range, string path)
    {
        const int ChunkChars = 16 * 1024;
        var decoder = Encoding.Unicode.GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkChars * 2);
        var chars = ArrayPool<char>.Shared.Rent(ChunkChars + 2);
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(ChunkChars + 2));
        try
        {
            for (var offset = range.Offset; offset < range.End;)
            {
                var n = (int)Math.Min(ChunkChars * 2, range.End - offset);
                if (!reader.TryRead(offset, range.End, bytes.AsSpan(0, n)))
                {
                    return;
                }

                offset += n;
                var charCount = decoder.GetChars(bytes.AsSpan(0, n), chars, flush: offset >= range.End);
                var text = chars.AsSpan(0, charCount).TrimEnd('\0');
                var written = Encoding.UTF8.GetBytes(text, utf8);
                if (!WriteDrawn(spool, utf8.AsSpan(0, written), path))
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Writes decoded bytes drawn from the message's budget; false (and stop) when it is spent.</summary>
    private bool WriteDrawn(ContentSpool spool, ReadOnlySpan<byte> data, string path)
    {
        if (context.Budget.IsExhausted)
        {
            context.Budget.CheckTime(path);
            _stopped = true;
            return false;
        }

        if (!context.Budget.TryAddDecoded(data.Length, path))
        {
            _stopped = true;
            return false;
        }

        spool.Write(data);
        return true;
    }

    private void ReportProblems(string path, TnefMessage message)
    {
        if (message.Problems.Count == 0)
        {
            return;
        }

        var shown = message.Problems.Count <= MaxProblemsInDetail
            ? message.Problems
            : message.Problems.GetRange(0, MaxProblemsInDetail);
        var more = message.Problems.Count - shown.Count;
        var detail = string.Join("; ", shown) + (more > 0 ? $"; and {more} more" : "");
        context.Report(AnomalyCodes.TnefBroken, path, detail);
    }
}
