using Vigil.Engine.Analysis;
using Vigil.Engine.Scanners;
using Vigil.Engine.Scanners.Orchestration;
using Vigil.Engine.Verdicts;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Tests.Scanners.Orchestration;

/// <summary>A scanner whose behaviour the test writes; counts its calls and records what it was allowed to see.</summary>
internal sealed class FakeScanner(string name, Func<CancellationToken, Task<IReadOnlyList<Finding>>> behaviour) : ISelectiveContentScanner
{
    private int _calls;

    public string Name => name;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The leaves with content and whether they were included (selective calls only).</summary>
    public List<(Entity Entity, bool Included)> Seen { get; } = [];

    public static Task<IReadOnlyList<Finding>> None => Task.FromResult<IReadOnlyList<Finding>>([]);

    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _calls);
        return behaviour(cancellation);
    }

    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, Func<Entity, bool> include, CancellationToken cancellation)
    {
        foreach (var e in analysis.Entities)
        {
            if (e.Content is { Length: > 0 })
            {
                Seen.Add((e, include(e)));
            }
        }

        return ScanAsync(analysis, raw, cancellation);
    }
}

/// <summary>Non-selective: gets the whole message or nothing.</summary>
internal sealed class PlainFakeScanner(string name, Func<CancellationToken, Task<IReadOnlyList<Finding>>> behaviour) : IContentScanner
{
    private int _calls;

    public string Name => name;

    public int Calls => Volatile.Read(ref _calls);

    public Task<IReadOnlyList<Finding>> ScanAsync(MessageAnalysis analysis, ContentSpool raw, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _calls);
        return behaviour(cancellation);
    }
}
