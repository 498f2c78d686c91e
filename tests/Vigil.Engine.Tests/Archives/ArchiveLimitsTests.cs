using System.IO.Compression;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

public sealed class ArchiveLimitsTests
{
    [Fact]
    public void ZipBombStopsAtTheExpansionRatioWithBoundedOutput()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = Zip(("zeros.bin", new byte[10 * 1024 * 1024], CompressionLevel.Optimal));
        Assert.True(zip.Length < 20_000);
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        var member = Assert.Single(e.Children);
        var hit = Assert.Single(ctx.Budget.Hits);
        Assert.Equal(LimitNames.ExpansionRatio, hit.Limit);
        Assert.Equal("2/zeros.bin", hit.PartPath);
        Assert.InRange(member.Size, MemberWriter.RatioFloorBytes - 65536, MemberWriter.RatioFloorBytes + 1);
        Assert.Equal(10 * 1024 * 1024, member.DeclaredSize);
        Assert.True(ctx.Budget.ArchiveExpandedBytes <= MemberWriter.RatioFloorBytes);
    }

    [Fact]
    public void SmallHighlyCompressibleFilesAreNotJudgedByRatio()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = Zip(("zeros.bin", new byte[512 * 1024], CompressionLevel.Optimal));
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(512 * 1024, Assert.Single(e.Children).Size);
        Assert.Empty(ctx.Budget.Hits);
    }

    [Fact]
    public void GzipBombStopsAtTheExpansionRatio()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new byte[20 * 1024 * 1024]);
        }

        var e = Leaf(ctx, output.ToArray(), "big.gz");
        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(LimitNames.ExpansionRatio, Assert.Single(ctx.Budget.Hits).Limit);
        var member = Assert.Single(e.Children);
        Assert.Equal("big", member.FileName);
        Assert.InRange(member.Size, MemberWriter.RatioFloorBytes, 100 * output.Length);
    }

    [Fact]
    public void ExpandedBytesBudgetIsSharedAndLaterMembersAreStillListed()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default with { MaxArchiveExpandedBytes = 150_000 });
        var data = new byte[100_000];
        new Random(7).NextBytes(data);
        var zip = Zip(("a.bin", data, CompressionLevel.NoCompression), ("b.bin", data, CompressionLevel.NoCompression), ("c.exe", data, CompressionLevel.NoCompression));
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(["a.bin", "b.bin", "c.exe"], e.Children.Select(c => c.FileName));
        Assert.Equal(100_000, e.Children[0].Size);
        Assert.True(e.Children[1].Size < 100_000);
        Assert.Null(e.Children[2].Content);
        Assert.Equal(LimitNames.ArchiveExpandedBytes, Assert.Single(ctx.Budget.Hits).Limit);
        Assert.True(ctx.Budget.ArchiveExpandedBytes <= 150_000);
    }

    [Fact]
    public void EntriesBeyondThePerArchiveLimitAreNotListed()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default with { MaxArchiveEntries = 5 });
        var entries = Enumerable.Range(0, 20).Select(i => ($"f{i}.txt", Text("x"), CompressionLevel.Optimal)).ToArray();
        var e = Leaf(ctx, Zip(entries));

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(5, e.Children.Count);
        var hit = Assert.Single(ctx.Budget.Hits);
        Assert.Equal(LimitNames.ArchiveEntries, hit.Limit);
        Assert.Equal("2", hit.PartPath);
    }

    [Fact]
    public void PartLimitStopsTheListing()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default with { MaxParts = 3 });
        var entries = Enumerable.Range(0, 10).Select(i => ($"f{i}.txt", Text("x"), CompressionLevel.Optimal)).ToArray();
        var e = Leaf(ctx, Zip(entries));

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(3, e.Children.Count);
        Assert.Equal(LimitNames.Parts, Assert.Single(ctx.Budget.Hits).Limit);
    }

    [Fact]
    public void NestingBeyondTheDepthLimitIsNotExpanded()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default with { MaxArchiveDepth = 3 });
        var zip = Zip(("payload.exe", Text("MZ"), CompressionLevel.Optimal));
        for (var i = 0; i < 5; i++)
        {
            zip = Zip(($"level{i}.zip", zip, CompressionLevel.Optimal));
        }

        var e = Leaf(ctx, zip);
        ExpandAll(e, ctx);

        var deepest = e.DescendantsAndSelf().MaxBy(x => x.ArchiveDepth)!;
        Assert.Equal(3, deepest.ArchiveDepth);
        var hit = Assert.Single(ctx.Budget.Hits);
        Assert.Equal(LimitNames.ArchiveDepth, hit.Limit);
        Assert.Equal(deepest.Path, hit.PartPath);
        Assert.Null(e.DescendantsAndSelf().FirstOrDefault(x => x.FileName == "payload.exe"));
    }

    [Fact]
    public void CancelledAnalysisListsNothing()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using var ctx = new AnalysisContext(AnalysisLimits.Default, cancellation: cancel.Token);
        var e = Leaf(ctx, Zip(("a.txt", Text("x"), CompressionLevel.Optimal)));

        new ArchiveExpander().Expand(e, ctx);

        Assert.Empty(e.Children);
        Assert.Equal(LimitNames.AnalysisTime, Assert.Single(ctx.Budget.Hits).Limit);
    }
}
