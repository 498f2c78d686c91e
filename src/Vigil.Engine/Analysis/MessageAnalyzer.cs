using Vigil.Engine.Analysis.Archives;
using Vigil.Engine.Analysis.SecondParser;
using Vigil.Engine.Analysis.Types;
using Vigil.Mime.Embedded;
using Vigil.Mime.Headers;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Names;
using Vigil.Mime.Parsing;
using Vigil.Mime.Tnef;

namespace Vigil.Engine.Analysis;

/// <summary>
/// Takes one message apart completely: the streaming MIME parse, then every leaf's true type,
/// then whatever hides inside leaves (encoded messages, uuencode/BinHex/yEnc in bodies, TNEF,
/// archives) through the expanders, over and over until nothing new appears or a limit is hit.
/// All of it draws from one budget, so no nesting trick multiplies the work.
/// </summary>
public sealed class MessageAnalyzer
{
    private readonly AnalysisLimits _limits;
    private readonly IReadOnlyList<IEntityExpander> _expanders;
    private readonly string? _scratchRoot;

    /// <summary>The limits used when the caller gives none.</summary>
    public AnalysisLimits Limits => _limits;

    public MessageAnalyzer(AnalysisLimits? limits = null, IReadOnlyList<IEntityExpander>? expanders = null, string? scratchRoot = null)
    {
        _limits = limits ?? AnalysisLimits.Default;
        _expanders = expanders ?? DefaultExpanders();
        _scratchRoot = scratchRoot;
    }

    /// <summary>The expanders in the order they are tried on each leaf.</summary>
    public static IReadOnlyList<IEntityExpander> DefaultExpanders() =>
        [new EncodedMessageExpander(), new BoundaryGuessExpander(), new TnefExtractor(), new ArchiveExpander(), new EmbeddedFileExtractor()];

    /// <summary>Analyses the message read from <paramref name="input"/>. The result owns temp files: dispose it.</summary>
    public MessageAnalysis Analyze(Stream input, CancellationToken cancellation = default) => Analyze(input, _limits, cancellation);

    /// <summary>Analyses with the given limits (the policy's, which may change with its control files).</summary>
    public MessageAnalysis Analyze(Stream input, AnalysisLimits limits, CancellationToken cancellation = default)
    {
        var context = new AnalysisContext(limits, _scratchRoot, cancellation);
        try
        {
            var secondParser = limits.SecondParser && input.CanSeek;
            var start = input.CanSeek ? input.Position : 0;
            var counting = new CountingReadStream(input);
            var root = MimeParser.Parse(counting, context);
            Expand(root.DescendantsAndSelf(), context);
            if (input.CanSeek && root.IsContainer && context.NestedMultipartClosedByOuterBoundary)
            {
                // A nested multipart ended by an outer delimiter: read it also as a client that
                // looks only for the innermost boundary would (MimeParser.ParseInnermostInto).
                input.Position = start;
                var firstAnomaly = context.Anomalies.Count;
                var firstHit = context.Budget.Hits.Count;
                var innermost = root.AddChild(InnermostPath, EntitySource.Message);
                MimeParser.ParseInnermostInto(input, innermost, context);
                Expand(innermost.DescendantsAndSelf(), context);
                context.NoticesFrom(firstAnomaly);
                // It shares the message's budget; a limit it reaches ends it, it does not judge the mail.
                context.Budget.ForgetHitsFrom(firstHit);
            }

            SecondParserView? view = null;
            if (secondParser)
            {
                var added = new List<Entity>();
                view = SecondParserCheck.Run(input, start, root, context, added, cancellation);
                Expand(added.SelectMany(e => e.DescendantsAndSelf()), context);
            }

            return new MessageAnalysis(root, context.Anomalies, context.Budget.Hits, counting.BytesRead)
            {
                Subject = DecodedSubject(root),
                Resources = context,
                SecondView = view,
            };
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private void Expand(IEnumerable<Entity> start, AnalysisContext context)
    {
        var work = new Stack<Entity>();
        foreach (var e in start)
        {
            work.Push(e);
        }

        while (work.Count > 0)
        {
            var entity = work.Pop();
            NameInspector.Inspect(entity, context);
            if (entity.Content is null)
            {
                continue;
            }

            var content = entity.Content;
            entity.Detected = ContentTypeDetector.Detect(content.Head, content.Length, content.OpenRead);
            if (!context.Budget.CheckTime(entity.Path))
            {
                // Out of time: what is left keeps its detected type but is not opened further.
                continue;
            }

            var before = entity.Children.Count;
            foreach (var expander in _expanders)
            {
                if (entity.Children.Count == before && expander.CanExpand(entity))
                {
                    expander.Expand(entity, context);
                }
            }

            for (var i = entity.Children.Count - 1; i >= before; i--)
            {
                foreach (var e in entity.Children[i].DescendantsAndSelf())
                {
                    work.Push(e);
                }
            }
        }
    }

    /// <summary>The path of the message read again with only the innermost boundaries honoured.</summary>
    public const string InnermostPath = "#innermost";

    private static string DecodedSubject(Entity root)
    {
        foreach (var h in root.Headers)
        {
            if (h.Name.Equals("Subject", StringComparison.OrdinalIgnoreCase))
            {
                return EncodedWordDecoder.Decode(h.RawValue);
            }
        }

        return "";
    }
}
