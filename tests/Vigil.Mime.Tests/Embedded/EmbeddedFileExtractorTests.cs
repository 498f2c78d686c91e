using System.Text;
using Vigil.Mime.Embedded;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Mime.Tests.Embedded.EmbeddedTestKit;

namespace Vigil.Mime.Tests.Embedded;

public sealed class EmbeddedFileExtractorTests
{
    [Theory]
    [InlineData("text/plain", "plain words", true)]
    [InlineData("text/html", "<p>hi</p>", true)]
    [InlineData(null, "plain words", true)]
    [InlineData("application/octet-stream", "plain words", true)]
    [InlineData("application/octet-stream", "MZ\0\0binary", false)]
    [InlineData("image/png", "plain words", false)]
    public void ExpandsOnlyLeavesWhoseContentIsText(string? declaredType, string body, bool expected)
    {
        using var context = NewContext();
        var entity = TextEntity(context, body, declaredType);

        Assert.Equal(expected, new EmbeddedFileExtractor().CanExpand(entity));
    }

    [Fact]
    public void DoesNotExpandContainersOrEntitiesWithoutContent()
    {
        var extractor = new EmbeddedFileExtractor();

        Assert.False(extractor.CanExpand(new Entity("", EntitySource.Message) { IsContainer = true }));
        Assert.False(extractor.CanExpand(new Entity("1", EntitySource.MimePart) { DeclaredType = "text/plain" }));
    }

    [Fact]
    public void ExpandsAnUntypedArchiveMemberOnlyWhenItLooksLikeText()
    {
        using var context = NewContext();
        var text = new Entity("2/a.txt", EntitySource.Archive) { Content = context.NewSpool() };
        text.Content.Write("begin 644 x\n"u8);
        var binary = new Entity("2/a.bin", EntitySource.Archive) { Content = context.NewSpool() };
        binary.Content.Write([0x7F, 0x45, 0x4C, 0x46, 0, 1]);

        Assert.True(new EmbeddedFileExtractor().CanExpand(text));
        Assert.False(new EmbeddedFileExtractor().CanExpand(binary));
    }

    [Fact]
    public void StopsAddingFilesAtThePartLimit()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 5; i++)
        {
            body.Append(Uuencode([(byte)i], $"f{i}.bin"));
        }

        using var context = NewContext(new AnalysisLimits { MaxParts = 3 });
        var entity = TextEntity(context, body.ToString());

        new EmbeddedFileExtractor().Expand(entity, context);

        Assert.Equal(3, entity.Children.Count);
        Assert.Equal(LimitNames.Parts, Assert.Single(context.Budget.Hits).Limit);
    }

    [Fact]
    public void StopsWritingAtTheDecodedBytesLimit()
    {
        var payload = new byte[10_000];
        using var context = NewContext(new AnalysisLimits { MaxDecodedBytes = 1000 });
        var entity = TextEntity(context, Uuencode(payload, "big.bin") + Uuencode([1, 2, 3], "next.bin"));

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.True(child.Size <= 1000);
        var hit = Assert.Single(context.Budget.Hits);
        Assert.Equal(LimitNames.DecodedBytes, hit.Limit);
        Assert.Equal("1/big.bin", hit.PartPath);
    }

    [Fact]
    public void SurvivesAHugeLineWithoutBufferingIt()
    {
        var body = new StringBuilder("begin 644 a.bin\n");
        body.Append('M', 1_000_000).Append('\n');
        body.Append("`\nend\n");
        body.Append(Uuencode([9, 8, 7], "after.bin"));
        using var context = NewContext();
        var entity = TextEntity(context, body.ToString());

        new EmbeddedFileExtractor().Expand(entity, context);

        Assert.Equal(2, entity.Children.Count);
        Assert.Equal(45, entity.Children[0].Size);
        Assert.Equal([9, 8, 7], ReadAll(entity.Children[1]));
        Assert.Contains(context.Anomalies, a => a.Code == AnomalyCodes.UuencodeBroken && a.PartPath == "1/a.bin");
    }

    [Fact]
    public void ScansAnOrdinaryLargeBodyQuicklyAndFindsNothing()
    {
        var line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.\r\n"
            + "= this line starts with an equals sign\r\n(and this one with a parenthesis)\r\nbut this one begins with b\r\n";
        var body = new StringBuilder();
        while (body.Length < 16 * 1024 * 1024)
        {
            body.Append(line);
        }

        using var context = NewContext(new AnalysisLimits { SpoolMemoryThreshold = 64 * 1024 * 1024 });
        var entity = TextEntity(context, body.ToString());

        new EmbeddedFileExtractor().Expand(entity, context);

        Assert.Empty(entity.Children);
        Assert.Empty(context.Anomalies);
    }
}
