using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Tnef;
using Vigil.Testing;
using Xunit.Abstractions;

namespace Vigil.Mime.Tests.Tnef;

public sealed class TnefDump(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        foreach (var file in Directory.GetFiles(TestPaths.Corpus("mimekit", "tnef"), "*.tnef").Order())
        {
            using var ctx = new AnalysisContext(AnalysisLimits.Default);
            var e = new Entity("2", EntitySource.MimePart);
            e.Content = ctx.NewSpool();
            e.Content.Write(File.ReadAllBytes(file));
            e.DeclaredType = "application/ms-tnef";
            new TnefExtractor().Expand(e, ctx);
            output.WriteLine("== " + Path.GetFileName(file));
            foreach (var d in e.DescendantsAndSelf())
            {
                output.WriteLine($"  {d.Path} size={d.Size} type={d.DeclaredType} container={d.IsContainer} names=[{string.Join(" | ", d.Names.Select(n => n.Source + ":" + n.Raw))}]");
            }

            foreach (var a in ctx.Anomalies)
            {
                output.WriteLine($"  ANOMALY {a.PartPath}: {a.Detail}");
            }
        }
    }
}
