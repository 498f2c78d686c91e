using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis;

/// <summary>
/// Everything learnt from taking one message apart: the entity tree (with detected types and
/// archive members), the anomalies and the limits reached. Policy and scanners judge this; they
/// never re-read the raw message for structure.
/// </summary>
public sealed class MessageAnalysis : IDisposable
{
    public MessageAnalysis(Entity root, IReadOnlyList<Anomaly> anomalies, IReadOnlyList<LimitHit> limitHits, long messageSize)
    {
        Root = root;
        Anomalies = anomalies;
        LimitHits = limitHits;
        MessageSize = messageSize;
    }

    public Entity Root { get; }

    public IReadOnlyList<Anomaly> Anomalies { get; }

    public IReadOnlyList<LimitHit> LimitHits { get; }

    /// <summary>Size of the raw message in bytes.</summary>
    public long MessageSize { get; }

    /// <summary>The decoded Subject of the top-level message, or "".</summary>
    public string Subject { get; init; } = "";

    /// <summary>What the second parser (MimeKit) saw, when `second-parser=on`; else null.</summary>
    public SecondParser.SecondParserView? SecondView { get; init; }

    /// <summary>Every entity in the tree, depth first.</summary>
    public IEnumerable<Entity> Entities => Root.DescendantsAndSelf();

    /// <summary>What holds the spooled content (the analysis context); released on dispose.</summary>
    public IDisposable? Resources { get; init; }

    public void Dispose()
    {
        foreach (var entity in Entities)
        {
            entity.Content?.Dispose();
        }

        Resources?.Dispose();
    }
}
