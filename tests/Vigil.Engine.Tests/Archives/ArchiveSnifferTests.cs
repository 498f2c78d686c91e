using System.IO.Compression;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

public sealed class ArchiveSnifferTests
{
    [Fact]
    public void ZipNamedAsAnImageIsStillExpanded()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, Zip(("run.exe", Text("MZ"), CompressionLevel.Optimal)), "photo.jpg");
        e.DeclaredType = "image/jpeg";

        var expander = new ArchiveExpander();
        Assert.True(expander.CanExpand(e));
        expander.Expand(e, ctx);

        Assert.Equal("run.exe", Assert.Single(e.Children).FileName);
    }

    [Fact]
    public void ArchiveNameOnPlainTextIsNotAnArchive()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, Text("just some text, not a zip at all\n"), "archive.zip");

        Assert.False(new ArchiveExpander().CanExpand(e));
    }

    [Fact]
    public void ContainersAndEmptyLeavesAreNotArchives()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var container = Leaf(ctx, Zip(("a", Text("a"), CompressionLevel.Optimal)));
        container.IsContainer = true;
        var empty = Leaf(ctx, []);
        var none = new Entity("3", EntitySource.MimePart);

        var expander = new ArchiveExpander();
        Assert.False(expander.CanExpand(container));
        Assert.False(expander.CanExpand(empty));
        Assert.False(expander.CanExpand(none));
    }

    [Theory]
    [InlineData(new byte[] { 0x4d, 0x53, 0x43, 0x46, 0, 0, 0, 0, 0x00, 0x01, 0, 0 }, ArchiveFormat.Cab, "cab archive not expanded")]
    public void UnsupportedFormatsAreRecognisedAndReported(byte[] head, ArchiveFormat format, string detail)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, [.. head, .. new byte[100]]);

        Assert.Equal(format, ArchiveSniffer.Detect(e.Content!));
        var expander = new ArchiveExpander();
        Assert.True(expander.CanExpand(e));
        expander.Expand(e, ctx);

        Assert.Empty(e.Children);
        var anomaly = Anomaly(ctx, ArchiveAnomalies.Unsupported);
        Assert.Equal(detail, anomaly?.Detail);
        Assert.Equal("2", anomaly?.PartPath);
        Assert.True(e.IsUnreadable);
    }

    [Theory]
    [InlineData(new byte[] { 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04 }, ArchiveFormat.SevenZip)]
    [InlineData(new byte[] { 0x60, 0xea, 0x2a, 0x00, 0x1e, 0x0b, 0x01, 0x02, 0x10, 0x00, 0x02, 0, 0 }, ArchiveFormat.Arj)]
    [InlineData(new byte[] { (byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1a, 0x07, 0x01, 0x00 }, ArchiveFormat.Rar5)]
    public void LibraryFormatWithGarbageBehindItsMagicIsUnreadableNotClean(byte[] head, ArchiveFormat format)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, [.. head, .. new byte[100]]);

        Assert.Equal(format, ArchiveSniffer.Detect(e.Content!));
        new ArchiveExpander().Expand(e, ctx);

        Assert.Contains(e.DescendantsAndSelf(), x => x.IsUnreadable || x.IsEncrypted);
        Assert.DoesNotContain(e.Children, c => c.Content is { Length: > 0 });
    }
}
