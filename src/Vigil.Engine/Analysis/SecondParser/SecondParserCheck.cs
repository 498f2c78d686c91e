using MimeKit;
using Vigil.Mime.Headers;
using Vigil.Mime.Model;
using Vigil.Mime.Names;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// Parses the message again with MimeKit and compares its view with Vigil's: the decoded content
/// of every leaf (<see cref="ContentFingerprint"/>, white space ignored) and every file name. A
/// part whose content or name only MimeKit sees is added to Vigil's tree under
/// "#second-parser/&lt;its path&gt;", so the expanders, the policy and the scanners judge it like
/// any part; a MIME part only Vigil sees is listed. Either raises <c>format:parser-disagreement</c>:
/// some client may show what one parser did not see. Bounded by Vigil's own limits: MimeKit reads
/// the message Vigil has already spooled (so no more than the door took in), first as callbacks
/// that only count (<see cref="SecondParserGate"/>: <c>maxparts</c> entities, <c>maxmimedepth</c>,
/// <c>maxheaderbytes</c> per header block, stopping at the first reached), and only then into a
/// tree, in place (persistent, no copy), with <c>maxdecodedbytes</c> decoded, within what is left
/// of <c>maxanalysistime</c>. A reading stopped by a limit compares nothing, so it reports no
/// disagreement for what it did not read; Vigil's own analysis meets the same limit.
/// </summary>
public static class SecondParserCheck
{
    /// <summary>The first segment of the path of parts only MimeKit sees.</summary>
    public const string PathPrefix = "#second-parser";

    private static readonly string EmptyFingerprint = Fingerprint(ReadOnlySpan<byte>.Empty);

    /// <summary>
    /// Runs the check on <paramref name="input"/> (seekable, positioned where the message starts)
    /// against the tree Vigil built; returns the view, and in <paramref name="added"/> the entities
    /// it added, for the caller to expand.
    /// </summary>
    public static SecondParserView Run(Stream input, long start, Entity root, AnalysisContext context, List<Entity> added, CancellationToken cancellation)
    {
        var limits = context.Limits;
        var left = limits.MaxAnalysisTime - context.Budget.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            return Stop(context, "no analysis time left");
        }

        var vigil = VigilView.Of(root, context.Anomalies);
        var parts = new List<SecondParserPart>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? stopped = null;
        var entities = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(left);
        try
        {
            // MimeKit looks charsets up through Encoding.GetEncoding: the legacy code pages must be
            // there, as for Vigil's own decoding, or an iso-2022-jp name reads differently.
            _ = CodePageEncodings.Get(1252);
            input.Position = start;
            stopped = SecondParserGate.Check(input, limits, out entities, timeout.Token);
            if (stopped is null)
            {
                input.Position = start;
                var parser = new MimeParser(new ParserOptions { MaxMimeDepth = limits.MaxMimeDepth }, input, persistent: true);
                var message = parser.ParseMessage(timeout.Token);
                var walk = new Walk(root, context, vigil, parts, seen, added, timeout.Token);
                walk.Visit(message.Body, "");
                stopped = walk.Stopped;
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            stopped = "out of analysis time";
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            stopped = $"MimeKit failed: {e.GetType().Name}";
        }

        if (stopped is not null)
        {
            context.Report(AnomalyCodes.SecondParserStopped, "", $"second parser stopped: {stopped}");
        }

        var onlyVigil = new List<string>();
        foreach (var (path, fingerprints) in vigil.PrimaryLeaves)
        {
            if (stopped is null && !fingerprints.Any(seen.Contains))
            {
                onlyVigil.Add(path);
                context.Report(AnomalyCodes.ParserDisagreement, path, "Vigil reads this part; MimeKit has no part with its content", AnomalySeverity.Format);
            }
        }

        return new SecondParserView(parts, onlyVigil, stopped) { EntitiesRead = entities };
    }

    private static SecondParserView Stop(AnalysisContext context, string why)
    {
        context.Report(AnomalyCodes.SecondParserStopped, "", $"second parser stopped: {why}");
        return new SecondParserView([], [], why);
    }

    /// <summary>
    /// Content that counts in the comparison: a file (a name, or a type other than text). Text
    /// bodies differ between parsers in ways that hide nothing (a broken base64 tail decoded to
    /// one byte more or less); their names are still compared, and Vigil scans its readings.
    /// </summary>
    internal static bool CarriesFile(string type, string? name) =>
        name is not null || !(type.StartsWith("text/", StringComparison.Ordinal) || type.StartsWith("message/", StringComparison.Ordinal));

    internal static string Fingerprint(ReadOnlySpan<byte> content)
    {
        using var f = new ContentFingerprint();
        f.Write(content);
        return f.Finish();
    }

    /// <summary>Walks MimeKit's tree, numbering parts as Vigil does.</summary>
    private sealed class Walk(Entity root, AnalysisContext context, VigilView vigil, List<SecondParserPart> parts, HashSet<string> seen, List<Entity> added, CancellationToken cancellation)
    {
        private long _decoded;

        public string? Stopped { get; private set; }

        public void Visit(MimeEntity? entity, string path)
        {
            if (entity is null || Stopped is not null)
            {
                return;
            }

            cancellation.ThrowIfCancellationRequested();
            switch (entity)
            {
                case Multipart multipart:
                    for (var i = 0; i < multipart.Count && Stopped is null; i++)
                    {
                        Visit(multipart[i], Child(path, i + 1));
                    }

                    break;
                case MessagePart { Message: { } headersOnly } part when !IsEmbeddedMessage(part.ContentType):
                    // A header block as a part (text/rfc822-headers of a report, message/external-body):
                    // Vigil reads it as the text it is, and only message/rfc822 and message/global as messages.
                    Leaf(path, part.ContentType.MimeType, part.ContentType.Name, headersOnly.WriteTo, null);
                    break;
                case MessagePart { Message: { } inner }:
                    Visit(inner.Body, Child(path, 1));
                    break;
                case MimePart leaf:
                    Leaf(path, leaf.ContentType.MimeType, leaf.FileName, (stream, token) => leaf.Content?.DecodeTo(stream, token), leaf);
                    break;
            }
        }

        private void Leaf(string path, string mimeType, string? fileName, Action<Stream, CancellationToken> decode, MimePart? leaf)
        {
            if (parts.Count >= context.Limits.MaxParts)
            {
                Stopped = $"more than {context.Limits.MaxParts} parts";
                return;
            }

            var spool = context.NewSpool();
            var keep = true;
            using var fingerprint = new ContentFingerprint(bytes =>
            {
                _decoded += bytes.Length;
                if (_decoded > context.Limits.MaxDecodedBytes)
                {
                    keep = false;
                    Stopped = $"more than {context.Limits.MaxDecodedBytes} decoded bytes";
                    throw new OperationCanceledException();
                }

                spool.Write(bytes);
            });
            try
            {
                decode(fingerprint, cancellation);
            }
            catch (OperationCanceledException) when (Stopped is not null)
            {
            }

            var hash = fingerprint.Finish();
            var name = fileName is { Length: > 0 } n ? n : null;
            var contentOnly = keep && hash != EmptyFingerprint && CarriesFile(mimeType.ToLowerInvariant(), name) && !vigil.Fingerprints.Contains(hash);
            var nameOnly = keep && name is not null && !vigil.HasName(name);
            seen.Add(hash);
            var type = mimeType.ToLowerInvariant();
            var part = new SecondParserPart(path, type, name, fingerprint.Written, hash, contentOnly, nameOnly);
            if (!(contentOnly || nameOnly) || !Adopt(leaf, path, type, name, spool, out var addedAs))
            {
                spool.Dispose();
                parts.Add(part);
                return;
            }

            parts.Add(part with { AddedAs = addedAs });
            var what = contentOnly ? "content" : $"name \"{name}\"";
            context.Report(AnomalyCodes.ParserDisagreement, addedAs, $"MimeKit reads part {(path.Length == 0 ? "(body)" : path)} ({type}, {fingerprint.Written} bytes) with {what} Vigil's parser does not see", AnomalySeverity.Format);
        }

        private bool Adopt(MimePart? leaf, string path, string type, string? name, ContentSpool spool, out string addedAs)
        {
            addedAs = $"{PathPrefix}/{(path.Length == 0 ? "1" : path)}";
            if (!context.Budget.TryAddPart(addedAs) || !context.Budget.TryAddDecoded(spool.Length, addedAs))
            {
                return false;
            }

            var entity = root.AddChild(addedAs, EntitySource.MimePart);
            entity.DeclaredType = type;
            entity.Charset = leaf?.ContentType.Charset?.ToLowerInvariant();
            entity.TransferEncoding = leaf?.Headers[HeaderId.ContentTransferEncoding] is { Length: > 0 } cte ? cte.Trim().ToLowerInvariant() : null;
            entity.Disposition = leaf?.ContentDisposition?.Disposition?.ToLowerInvariant();
            if (name is not null)
            {
                entity.AddName(new NameCandidate(name, FileNameNormalizer.Normalize(name), NameSource.SecondParser));
            }

            entity.Content = spool;
            added.Add(entity);
            return true;
        }

        private static bool IsEmbeddedMessage(ContentType type) =>
            type.IsMimeType("message", "rfc822") || type.IsMimeType("message", "global");

        private static string Child(string path, int index) => path.Length == 0 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{path}.{index}";
    }
}
