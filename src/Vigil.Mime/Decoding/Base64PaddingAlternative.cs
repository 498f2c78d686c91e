using System.Buffers;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Mime.Decoding;

/// <summary>
/// The second reading of a base64 part with padding inside a line ("UEsDBBQ=Ag=I=BFK"): a decoder
/// with a plain lookup table takes '=' as 0 ('A'), a careful one as padding, so one client shows
/// garbage and another the payload. It starts when the part's sink first sees such a line: up to
/// there both readings are equal, so it begins as a copy of what the part holds and a decoder
/// forked from the part's own (<see cref="Base64Decoder.ForkReadingPaddingAsZero"/>). The result
/// becomes a child "&lt;part&gt;/#b64-alt" with the part's type, encoding and names.
/// </summary>
internal sealed class Base64PaddingAlternative : IDisposable
{
    /// <summary>The last segment of the alternative's path.</summary>
    public const string PathSuffix = "#b64-alt";

    private readonly Entity _part;
    private readonly AnalysisContext _context;
    private readonly Base64Decoder _decoder;
    private ContentSpool? _spool;
    private bool _stopped;

    public Base64PaddingAlternative(Entity part, AnalysisContext context, Base64Decoder partDecoder)
    {
        _part = part;
        _context = context;
        _decoder = partDecoder.ForkReadingPaddingAsZero();
        _spool = context.NewSpool();
        CopyPartPrefix();
    }

    /// <summary>Decodes the chunk the part's decoder is given; <paramref name="scratch"/> is a buffer large enough for it.</summary>
    public void Decode(ReadOnlySpan<byte> input, Span<byte> scratch)
    {
        if (!_stopped)
        {
            Store(scratch[.._decoder.Decode(input, scratch)]);
        }
    }

    /// <summary>Ends the input and adds the alternative to the part.</summary>
    public void Finish()
    {
        if (!_stopped)
        {
            Span<byte> tail = stackalloc byte[64];
            Store(tail[.._decoder.Finish(tail)]);
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

    private void CopyPartPrefix()
    {
        if (_part.Content is not { Length: > 0 } content)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var source = content.OpenRead();
            int n;
            while (!_stopped && (n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                Store(buffer.AsSpan(0, n));
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
