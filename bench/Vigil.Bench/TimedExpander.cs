using System.Diagnostics;
using Vigil.Mime.Model;

namespace Vigil.Bench;

/// <summary>Wraps an expander to add up the time spent in it (CanExpand and Expand together).</summary>
public sealed class TimedExpander(IEntityExpander inner) : IEntityExpander
{
    public string Name { get; } = inner.GetType().Name;

    public long Ticks { get; private set; }

    public bool CanExpand(Entity entity)
    {
        var start = Stopwatch.GetTimestamp();
        var can = inner.CanExpand(entity);
        Ticks += Stopwatch.GetTimestamp() - start;
        return can;
    }

    public void Expand(Entity entity, AnalysisContext context)
    {
        var start = Stopwatch.GetTimestamp();
        inner.Expand(entity, context);
        Ticks += Stopwatch.GetTimestamp() - start;
    }

    public void Reset() => Ticks = 0;
}
