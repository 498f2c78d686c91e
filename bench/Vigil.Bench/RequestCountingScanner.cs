using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Clamd;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Bench;

/// <summary>
/// Wraps a <see cref="ClamdScanner"/> to count what it sends, for an untimed counting pass.
/// ClamdScanner asks its <c>include</c> filter only about a leaf it would send on its own
/// (and, with no maxsize of its own, sends every leaf the filter lets through), so each call of
/// the filter is one entity request. The raw message is one more request in Raw and Both modes.
/// </summary>
public sealed class RequestCountingScanner(ClamdScanner inner) : IContentScanner
{
    public string Name => inner.Name;

    public long Messages { get; private set; }

    public long RawRequests { get; private set; }

    /// <summary>Leaves sent whose bytes stand unchanged in the raw message: a text part with no transfer encoding on it or around it, no file name.</summary>
    public long PlainTextEntityRequests { get; private set; }

    /// <summary>Leaves sent that are MIME parts in a transfer encoding (base64, quoted-printable): clamd also decodes these itself from the raw message.</summary>
    public long EncodedPartEntityRequests { get; private set; }

    /// <summary>Leaves sent that our expanders found (archive members, uuencode, BinHex, TNEF...).</summary>
    public long ExpandedEntityRequests { get; private set; }

    public long EntityRequests => PlainTextEntityRequests + EncodedPartEntityRequests + ExpandedEntityRequests;

    public async Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation)
    {
        Messages++;
        if (inner.Mode != ClamdScanMode.Entities)
        {
            RawRequests++;
        }

        return await inner.ScanAsync(analysis, raw, Count, cancellation).ConfigureAwait(false);
    }

    private bool Count(Entity entity)
    {
        if (IsPlainVerbatim(entity))
        {
            PlainTextEntityRequests++;
        }
        else if (IsMimeChain(entity))
        {
            EncodedPartEntityRequests++;
        }
        else
        {
            ExpandedEntityRequests++;
        }

        return true;
    }

    // Our own reading of "clamd sees it byte for byte in the raw message", written apart from
    // ClamdScanner's so the count checks it rather than repeats it.
    private static bool IsPlainVerbatim(Entity entity)
    {
        if (entity.FileName is not null || (entity.DeclaredType is { } type && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        for (var e = entity; e is not null; e = e.Parent)
        {
            var identity = e.TransferEncoding is null
                || e.TransferEncoding.Equals("7bit", StringComparison.OrdinalIgnoreCase)
                || e.TransferEncoding.Equals("8bit", StringComparison.OrdinalIgnoreCase)
                || e.TransferEncoding.Equals("binary", StringComparison.OrdinalIgnoreCase);
            if (!identity || e.Source is not (EntitySource.Message or EntitySource.MimePart))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMimeChain(Entity entity)
    {
        for (var e = entity; e is not null; e = e.Parent)
        {
            if (e.Source is not (EntitySource.Message or EntitySource.MimePart))
            {
                return false;
            }
        }

        return true;
    }
}
