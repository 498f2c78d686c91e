using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Tnef;

namespace Vigil.Mime.Tests.Tnef;

/// <summary>Runs the extractor on bytes the way the pipeline would, on a MIME part declared as TNEF.</summary>
internal sealed class TnefTestHost : IDisposable
{
    public TnefTestHost(byte[] bytes, AnalysisLimits? limits = null)
    {
        Context = new AnalysisContext(limits ?? AnalysisLimits.Default);
        Entity = new Entity("2", EntitySource.MimePart);
        Entity.Content = Context.NewSpool();
        Entity.Content.Write(bytes);
        Entity.DeclaredType = "application/ms-tnef";
        new TnefExtractor().Expand(Entity, Context);
    }

    public AnalysisContext Context { get; }

    public Entity Entity { get; }

    public bool IsBroken
    {
        get
        {
            foreach (var a in Context.Anomalies)
            {
                if (a.Code == AnomalyCodes.TnefBroken)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The name a child is listed under: its first file name, or its member name for bodies.</summary>
    public static string ListedName(Entity child) =>
        child.FileName ?? child.Path[(child.Path.LastIndexOf('/') + 1)..];

    public static byte[] ContentOf(Entity entity)
    {
        using var stream = entity.Content!.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        foreach (var e in Entity.DescendantsAndSelf())
        {
            e.Content?.Dispose();
        }

        Context.Dispose();
    }
}
