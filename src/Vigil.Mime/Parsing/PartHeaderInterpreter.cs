using Vigil.Mime.Headers;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Names;

namespace Vigil.Mime.Parsing;

/// <summary>
/// Reads the MIME fields of one header block into the entity (declared type, charset, transfer
/// encoding, disposition, every file name) and decides how its body is to be read. Repeated MIME
/// fields: the first one decides the structure (as Qmail-Scanner does by renaming the later
/// ones), but names from all of them are kept, and the repetition is a format anomaly.
/// </summary>
internal static class PartHeaderInterpreter
{
    private const int MaxBoundaryLength = 250;

    public static PartLayout Apply(Entity entity, List<Header> headers, AnalysisContext context, string? defaultType)
    {
        entity.Headers = headers;
        var path = entity.Path;
        var contentTypes = new List<ParsedHeaderValue>();
        var dispositions = new List<ParsedHeaderValue>();
        string? encoding = null;
        var encodingCount = 0;

        // One allowance of parameter pieces for the block's MIME fields together, so neither one
        // long field nor the same field repeated many times can make the parse allocate per piece
        // without end. Past it the rest is not read: a `limits` finding, never a missed name passing.
        var pieces = context.Limits.MaxHeaderParameters;
        foreach (var h in headers)
        {
            ParsedHeaderValue parsed;
            if (h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                parsed = HeaderValueParser.Parse(h.RawValue, pieces);
                contentTypes.Add(parsed);
            }
            else if (h.Name.Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase))
            {
                parsed = HeaderValueParser.Parse(h.RawValue, pieces);
                dispositions.Add(parsed);
            }
            else if (h.Name.Equals("Content-Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                encodingCount++;
                parsed = HeaderValueParser.Parse(h.RawValue, pieces);
                encoding ??= parsed.Token;
                if (parsed.CommentInToken)
                {
                    context.Report(AnomalyCodes.CommentInHeader, path, "comment inside Content-Transfer-Encoding", AnomalySeverity.Format);
                }
            }
            else
            {
                continue;
            }

            pieces -= parsed.Pieces;
            if (parsed.Truncated)
            {
                context.Budget.Hit(LimitNames.HeaderParameters, path, $"more than {context.Limits.MaxHeaderParameters} parameters in the MIME fields of one header block");
            }
        }

        ReportRepeats(context, path, "Content-Type", contentTypes.Count);
        ReportRepeats(context, path, "Content-Disposition", dispositions.Count);
        ReportRepeats(context, path, "Content-Transfer-Encoding", encodingCount);

        ReportCommentsInTokens(context, path, contentTypes);
        ReportCommentsInTokens(context, path, dispositions);

        var type = contentTypes.Count > 0 ? contentTypes[0].Token : "";
        if (type.IndexOfAny(['\\', '"']) >= 0)
        {
            // "multi\part/mixed": a client that reads it as a quoted pair sees a multipart.
            context.Report(AnomalyCodes.InvalidContentType, path, $"quoting inside the content type \"{type}\"", AnomalySeverity.Format);
            type = type.Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal);
        }

        if (type.Length > 0 && type.IndexOf('/') <= 0)
        {
            context.Report(AnomalyCodes.InvalidContentType, path, $"content type \"{type}\" has no subtype");
            type = type == "text" ? "text/plain" : "application/octet-stream";
        }

        entity.DeclaredType = type.Length > 0 ? type : defaultType;
        entity.Charset = contentTypes.Count > 0 ? contentTypes[0].Get("charset") : null;
        entity.Disposition = dispositions.Count > 0 && dispositions[0].Token.Length > 0 ? dispositions[0].Token : null;
        entity.TransferEncoding = LenientEncoding(encoding, context, path);

        AddNames(entity, context, contentTypes, dispositions);

        var effective = entity.DeclaredType ?? "text/plain";
        if (effective.StartsWith("multipart/", StringComparison.Ordinal))
        {
            return MultipartLayout(entity, context, contentTypes[0]);
        }

        if (effective is "message/rfc822" or "message/global")
        {
            if (entity.TransferEncoding is null or "7bit" or "8bit" or "binary")
            {
                return new PartLayout(PartLayoutKind.Message, null);
            }

            // An encoded message is decoded as a leaf; the analysis parses the decoded bytes again.
            return new PartLayout(PartLayoutKind.Leaf, null);
        }

        if (effective == "message/partial")
        {
            context.Report(AnomalyCodes.MessagePartial, path, "message/partial fragment: the whole cannot be checked here", AnomalySeverity.Format);
        }

        return new PartLayout(PartLayoutKind.Leaf, null);
    }

    private static PartLayout MultipartLayout(Entity entity, AnalysisContext context, ParsedHeaderValue contentType)
    {
        var path = entity.Path;
        var boundary = contentType.Get("boundary") ?? ExtendedBoundary(contentType);
        if (contentType.Count("boundary") > 1)
        {
            context.Report(AnomalyCodes.DuplicateBoundary, path, "boundary parameter defined twice", AnomalySeverity.Format);
        }

        if (string.IsNullOrEmpty(boundary))
        {
            context.Report(AnomalyCodes.MissingBoundaryParameter, path, "multipart without a boundary: read as one text part", AnomalySeverity.Format);
            entity.IsUnsplitMultipartBody = true;
            return new PartLayout(PartLayoutKind.Leaf, null);
        }

        if (boundary.Length > MaxBoundaryLength)
        {
            context.Report(AnomalyCodes.LongBoundary, path, $"boundary of {boundary.Length} characters", AnomalySeverity.Format);
        }

        if (entity.TransferEncoding is not (null or "7bit" or "8bit" or "binary"))
        {
            context.Report(AnomalyCodes.EncodingOnMultipart, path, $"multipart with transfer encoding {entity.TransferEncoding}", AnomalySeverity.Format);
        }

        entity.IsContainer = true;
        return new PartLayout(PartLayoutKind.Multipart, boundary);
    }

    /// <summary>
    /// An RFC 2231 form of the boundary (<c>boundary*="us-ascii''abc"</c>, as some mutt versions
    /// wrote it): the charset prefix and percent escapes are undone, as Python and others do.
    /// </summary>
    private static string? ExtendedBoundary(ParsedHeaderValue contentType)
    {
        foreach (var p in contentType.Parameters)
        {
            if (p.BaseName == "boundary" && p.Extended && p.Section is null)
            {
                var value = p.Value;
                var q2 = value.IndexOf('\'', value.IndexOf('\'') + 1);
                value = q2 >= 0 ? value[(q2 + 1)..] : value;
                return Uri.UnescapeDataString(value);
            }
        }

        return null;
    }

    private static void AddNames(Entity entity, AnalysisContext context, List<ParsedHeaderValue> contentTypes, List<ParsedHeaderValue> dispositions)
    {
        if (contentTypes.Count == 0 && dispositions.Count == 0)
        {
            return;
        }

        var names = FileNameResolver.Resolve(dispositions, contentTypes, out var rfc2231Broken);
        if (rfc2231Broken)
        {
            context.Report(AnomalyCodes.Rfc2231Broken, entity.Path, "RFC 2231 name continuations out of order, gapped or split", AnomalySeverity.Format);
        }

        string? firstPrimary = null;
        foreach (var n in names)
        {
            var normalized = FileNameNormalizer.Normalize(n.Name);
            entity.AddName(new NameCandidate(n.Name, normalized, n.Source));

            if (!n.Primary)
            {
                continue;
            }

            if (firstPrimary is null)
            {
                firstPrimary = normalized;
            }
            else if (!string.Equals(firstPrimary, normalized, StringComparison.OrdinalIgnoreCase))
            {
                // Differing names only matter when one of them would run or unpack differently
                // ("clock.bmp" beside RISC OS's "clock.bmp,69c" is harmless).
                var a = FileNameNormalizer.Extension(firstPrimary);
                var b = FileNameNormalizer.Extension(normalized);
                var risky = a != b && (NameInspector.IsRiskyExtension(a) || NameInspector.IsRiskyExtension(b));
                context.Report(
                    AnomalyCodes.ConflictingFileNames,
                    entity.Path,
                    $"file name defined as \"{firstPrimary}\" and \"{normalized}\"",
                    risky ? AnomalySeverity.Format : AnomalySeverity.Notice);
            }
        }
    }

    /// <summary>
    /// Clients decode "quotedprint" or "base-64" as if spelled right; so must a scanner, or the
    /// content it checks is not the content delivered. The misspelling itself is a format trick.
    /// </summary>
    private static string? LenientEncoding(string? encoding, AnalysisContext context, string path)
    {
        if (encoding is not { Length: > 0 })
        {
            return null;
        }

        var canonical = encoding switch
        {
            "7bit" or "8bit" or "binary" or "base64" or "quoted-printable" => encoding,
            _ when encoding.StartsWith("quoted", StringComparison.Ordinal) || encoding is "qp" => "quoted-printable",
            _ when encoding.StartsWith("base64", StringComparison.Ordinal) || encoding is "base-64" or "b64" => "base64",
            _ => null,
        };

        if (canonical is null)
        {
            return encoding;
        }

        if (canonical != encoding)
        {
            context.Report(AnomalyCodes.NonStandardTransferEncoding, path, $"transfer encoding \"{encoding}\" read as {canonical}", AnomalySeverity.Format);
        }

        return canonical;
    }

    private static void ReportCommentsInTokens(AnalysisContext context, string path, List<ParsedHeaderValue> headers)
    {
        foreach (var parsed in headers)
        {
            if (parsed.CommentInToken)
            {
                context.Report(AnomalyCodes.CommentInHeader, path, $"comment inside \"{parsed.Token}\" or a parameter name", AnomalySeverity.Format);
            }
        }
    }

    private static void ReportRepeats(AnalysisContext context, string path, string field, int count)
    {
        if (count > 1)
        {
            context.Report(AnomalyCodes.RepeatedMimeHeader, path, $"{field} appears {count} times", AnomalySeverity.Format);
        }
    }
}
