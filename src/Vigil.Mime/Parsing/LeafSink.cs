using System.Buffers;
using Vigil.Mime.Decoding;
using Vigil.Mime.Model;

namespace Vigil.Mime.Parsing;

/// <summary>
/// Receives the raw body lines of one leaf part, decodes them and spools the result into the
/// entity, drawing every decoded byte from the message's budget. The line break before a
/// boundary belongs to the boundary, so the last line break seen is held back until more body
/// follows. A quoted-printable body with broken escapes has two readings (clients keep them or
/// drop them); the second is kept as an extra child of the part, see <see cref="QuotedPrintableAlternative"/>.
/// </summary>
internal sealed class LeafSink : IDisposable
{
    private readonly Entity _entity;
    private readonly AnalysisContext _context;
    private readonly ITransferDecoder? _decoder;
    private readonly QuotedPrintableAlternative? _alternative;
    private Base64PaddingAlternative? _paddingAlternative;
    private byte[] _output = [];
    private int _pendingBreak;
    private bool _stopped;
    private bool _checkPadding;

    public LeafSink(Entity entity, AnalysisContext context, ITransferDecoder? decoder)
    {
        _entity = entity;
        _context = context;
        _decoder = decoder;
        entity.Content = context.NewSpool();
        _checkPadding = decoder is Base64Decoder;
        _alternative = decoder is QuotedPrintableDecoder ? new QuotedPrintableAlternative(entity, context) : null;
    }

    /// <summary>Raw (encoded) bytes of the body, before decoding.</summary>
    public long RawBytes { get; private set; }

    /// <summary>Writes a run of body bytes; <paramref name="endsWithLineBreak"/> holds its final line break back.</summary>
    public void Write(ReadOnlySpan<byte> data, bool endsWithLineBreak)
    {
        RawBytes += data.Length;
        if (_stopped)
        {
            return;
        }

        if (_pendingBreak > 0)
        {
            Emit(_pendingBreak == 2 ? "\r\n"u8 : "\n"u8);
            _pendingBreak = 0;
        }

        if (endsWithLineBreak && data.Length > 0 && data[^1] == '\n')
        {
            _pendingBreak = data.Length > 1 && data[^2] == '\r' ? 2 : 1;
            data = data[..^_pendingBreak];
        }

        Emit(data);
    }

    /// <summary>Ends the body: the held line break is dropped (it belonged to the boundary or the end).</summary>
    public void Finish()
    {
        if (_decoder is not null && !_stopped)
        {
            Span<byte> tail = stackalloc byte[64];
            var before = _entity.Content!.Length;
            var n = _decoder.Finish(tail);
            Store(tail[..n]);
            _alternative?.Finish(_decoder.Issues, before);
            _paddingAlternative?.Finish();
        }

        ReportDecoderIssues();
    }

    public void Dispose()
    {
        if (_output.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_output);
            _output = [];
        }

        _alternative?.Dispose();
        _paddingAlternative?.Dispose();
    }

    private void Emit(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_checkPadding)
        {
            CheckPaddingInsideLine(data);
        }

        if (_decoder is Base64Decoder partDecoder && _paddingAlternative is null && !_stopped && data.IndexOf((byte)'=') >= 0)
        {
            // The part's first '=': nothing of this chunk is decoded yet, so the other reading
            // forks here and reads every '=' of the part as 0.
            _paddingAlternative = new Base64PaddingAlternative(_entity, _context, partDecoder, _entity.Content!.Length);
        }

        if (_decoder is null)
        {
            Store(data);
            return;
        }

        var need = TransferDecoding.MaxOutputLength(data.Length);
        if (_output.Length < need)
        {
            if (_output.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_output);
            }

            _output = ArrayPool<byte>.Shared.Rent(Math.Max(need, 16 * 1024));
        }

        var before = _entity.Content!.Length;
        var written = _decoder.Decode(data, _output);
        Store(_output.AsSpan(0, written));
        _alternative?.Decode(data, _output, _decoder.Issues, before);
        _paddingAlternative?.Decode(data, _output);
    }

    /// <summary>
    /// Padding followed by more base64 on the same line ("UEsD=A=B") is no encoder's output; each
    /// decoder reads it differently, which is exactly what hides a payload from a scanner. (The
    /// other reading, <see cref="Base64PaddingAlternative"/>, also covers '=' at a line's end.)
    /// </summary>
    private void CheckPaddingInsideLine(ReadOnlySpan<byte> data)
    {
        var at = 0;
        while (true)
        {
            var eq = data[at..].IndexOf((byte)'=');
            if (eq < 0)
            {
                return;
            }

            at += eq + 1;
            if (at < data.Length && IsBase64Letter(data[at]))
            {
                _checkPadding = false;
                _context.Report(AnomalyCodes.Base64PaddingInLine, _entity.Path, "base64 padding in the middle of a line", AnomalySeverity.Format);
                return;
            }
        }
    }

    private static bool IsBase64Letter(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'/';

    private void Store(ReadOnlySpan<byte> decoded)
    {
        if (decoded.IsEmpty || _stopped)
        {
            return;
        }

        if (!_context.Budget.TryAddDecoded(decoded.Length, _entity.Path))
        {
            _stopped = true;
            return;
        }

        _entity.Content!.Write(decoded);
    }

    /// <summary>A part that carries a file: it has a name or a declared type other than text.</summary>
    private static bool IsAttachment(Entity entity) =>
        entity.FileName is not null || (entity.DeclaredType is { } type && !type.StartsWith("text/", StringComparison.Ordinal));

    private void ReportDecoderIssues()
    {
        if (_decoder is null || _decoder.Issues == DecoderIssues.None)
        {
            return;
        }

        var issues = _decoder.Issues;
        var base64 = string.Equals(_entity.TransferEncoding, "base64", StringComparison.Ordinal);
        if (base64)
        {
            if (issues.HasFlag(DecoderIssues.InvalidCharacters))
            {
                _context.Report(AnomalyCodes.Base64Junk, _entity.Path, "characters outside the base64 alphabet were skipped");
            }

            if (issues.HasFlag(DecoderIssues.DataAfterPadding))
            {
                // Common and harmless when a list server appends a footer to a base64 body.
                _context.Report(AnomalyCodes.Base64DataAfterPadding, _entity.Path, "base64 data continues after padding");
            }

            if (issues.HasFlag(DecoderIssues.Truncated))
            {
                _context.Report(AnomalyCodes.Base64Truncated, _entity.Path, "base64 ends inside a quantum");
            }
        }
        else
        {
            // A broken escape in a file is no encoder's output and reads differently in different
            // clients: the attachment has no single content. In text it is mostly a stray '='.
            var severity = issues.HasFlag(DecoderIssues.InvalidCharacters) && IsAttachment(_entity) ? AnomalySeverity.Format : AnomalySeverity.Notice;
            _context.Report(AnomalyCodes.QuotedPrintableInvalid, _entity.Path, $"quoted-printable issues: {issues}", severity);
        }
    }
}
