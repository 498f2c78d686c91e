using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Parsing;

namespace Vigil.Mime.Tests.Limits;

/// <summary>
/// The parts past the parts limit are read as the body of nothing, in one loop: the parser once
/// recursed one level per such part, and 30,000 empty parts overflowed the stack of a thread-pool
/// thread (the process died, in `vigil serve` with every message in it).
/// </summary>
public sealed class PartsPastTheLimitTests
{
    [Fact]
    public void ThirtyThousandPartsAreReadOnASmallStackAndEndInOneLimit()
    {
        var sb = new StringBuilder("Content-Type: multipart/mixed; boundary=b\n\n");
        for (var i = 0; i < 30_000; i++)
        {
            sb.Append("--b\n\nx\n");
        }

        sb.Append("--b--\n");
        var bytes = Encoding.ASCII.GetBytes(sb.ToString());
        IReadOnlyList<LimitHit>? hits = null;
        var children = 0;

        // 256 KB: well under a thread-pool thread's stack, far over what one level per part needs.
        var thread = new Thread(
            () =>
            {
                using var context = new AnalysisContext(AnalysisLimits.Default);
                var root = MimeParser.Parse(new MemoryStream(bytes), context);
                children = root.Children.Count;
                hits = context.Budget.Hits;
            },
            256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Equal(AnalysisLimits.Default.MaxParts - 1, children);
        var hit = Assert.Single(hits!);
        Assert.Equal(LimitNames.Parts, hit.Limit);
    }
}
