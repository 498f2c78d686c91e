using System.Buffers;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Mime.Decoding;

/// <summary>
/// The second reading of a quoted-printable part: broken escapes dropped instead of kept. Clients
/// disagree here, and a sender can write each byte as "=0=50" so that one reading is garbage and
/// the other the payload; the scanners must see both. The second decoder runs beside the first
/// but keeps nothing until the first meets a broken escape: up to there both readings are equal,
/// so the alternative starts as a copy of what the part holds so far. The result becomes a child
/// of the part, "&lt;part&gt;/#qp-alt", with the part's type, encoding and names, so policy and
/// scanners judge it as they judge the part.
/// </summary>
internal sealed class QuotedPrintableAlternative : IDisposable
{
    /// <summary>The last segment of the alternative's path.</summary>
    public const string PathSuffix = "#qp-alt";

    private readonly Entity _part;
    private readonly AnalysisContext _context;
    private readonly QuotedPrintableDecoder _decoder = new(dropInvalidEscapes: true);
    private ContentSpool? _spool;
    private bool _stopped;

    public QuotedPrintableAlternative(Entity part, AnalysisContext context)
    {
        _part = part;
        _context = context;
    }

    /// <summary>
    /// Decodes the chunk the part's own decoder has just decoded. <paramref name="scratch"/> is its
    /// (already stored) output buffer, reused; <paramref name="partLengthBefore"/> is the part's
    /// length before that chunk.
    /// </summary>
    public void Decode(ReadOnlySpan<byte> input, Span<byte> scratch, DecoderIssues partIssues, long partLengthBefore)
    {
        if (_stopped)
        {
            return;
        }

        var n = _decoder.Decode(input, scratch);
        Keep(scratch[..n], partIssues, partLengthBefore);
    }

    /// <summary>Ends the input and, when the readings differ, adds the alternative to the part.</summary>
    public void Finish(DecoderIssues partIssues, long partLengthBefore)
    {
        if (!_stopped)
        {
            Span<byte> tail = stackalloc byte[64];
            var n = _decoder.Finish(tail);
            Keep(tail[..n], partIssues, partLengthBefore);
        }

        if (_spool is null || _stopped)
        {
            return;
        }

        var path = _part.MemberPath(PathSuffix, 0);
        if (!_context.Budget.TryAddPart(path))
        {
            return;
        }

        _part.AddAlternativeReading(path, _spool);
        _spool = null;
    }

    public void Dispose()
    {
        _spool?.Dispose();
        _spool = null;
    }

    private void Keep(ReadOnlySpan<byte> decoded, DecoderIssues partIssues, long partLengthBefore)
    {
        if (_spool is null)
        {
            if (!partIssues.HasFlag(DecoderIssues.InvalidCharacters))
            {
                // No broken escape yet: this reading equals the part's own.
                return;
            }

            _spool = _context.NewSpool();
            CopyPartPrefix(partLengthBefore);
        }

        Store(decoded);
    }

    /// <summary>The part's first bytes, decoded before any broken escape, are this reading's too.</summary>
    private void CopyPartPrefix(long length)
    {
        if (length == 0 || _part.Content is not { } content)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var source = content.OpenRead();
            var left = length;
            while (left > 0 && !_stopped)
            {
                var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n <= 0)
                {
                    break;
                }

                Store(buffer.AsSpan(0, n));
                left -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Store(ReadOnlySpan<byte> decoded)
    {
        if (decoded.IsEmpty || _stopped)
        {
            return;
        }

        if (!_context.Budget.TryAddDecoded(decoded.Length, _part.Path))
        {
            _stopped = true;
            return;
        }

        _spool!.Write(decoded);
    }
}
