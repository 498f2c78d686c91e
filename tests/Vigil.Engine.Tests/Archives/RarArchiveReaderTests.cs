using System.Text;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

public sealed class RarArchiveReaderTests
{
    [Fact]
    public void Rar4MembersAreListedWithNamesSizesAndStoredContent()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var rar = RarTestData.Rar4(
            false,
            Rar4File.Stored("docs\\readme.txt", "stored text"),
            new Rar4File(Encoding.ASCII.GetBytes("docs"), [], 0, Directory: true),
            new Rar4File(Encoding.ASCII.GetBytes("tool.exe"), new byte[40], 5000, Method: 0x33));
        var e = Leaf(ctx, rar, "files.rar");

        var expander = new ArchiveExpander();
        Assert.True(expander.CanExpand(e));
        expander.Expand(e, ctx);

        Assert.Equal(["readme.txt", "tool.exe"], e.Children.Select(c => c.FileName));
        Assert.Equal("2/docs\\readme.txt", e.Children[0].Path);
        Assert.Equal("stored text", ContentText(e.Children[0]));
        Assert.Null(e.Children[1].Content);
        Assert.Equal(5000, e.Children[1].DeclaredSize);
        Assert.Equal("2/tool.exe", Anomaly(ctx, ArchiveAnomalies.UnsupportedMethod)?.PartPath);
        Assert.Null(Anomaly(ctx, ArchiveAnomalies.Broken));
    }

    [Fact]
    public void Rar4EncryptedMemberIsFlagged()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var rar = RarTestData.Rar4(false, new Rar4File(Encoding.ASCII.GetBytes("secret.exe"), new byte[16], 16, Encrypted: true));
        var e = Leaf(ctx, rar);

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.True(child.IsEncrypted);
        Assert.Null(child.Content);
        Assert.Equal("2/secret.exe", Anomaly(ctx, ArchiveAnomalies.EncryptedEntry)?.PartPath);
    }

    [Fact]
    public void Rar4UnicodeNameIsDecoded()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var name = RarTestData.Rar4UnicodeName("____.exe", "счёт.exe");
        var rar = RarTestData.Rar4(false, new Rar4File(name, Encoding.ASCII.GetBytes("MZ"), 2, Unicode: true));
        var e = Leaf(ctx, rar);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal("счёт.exe", Assert.Single(e.Children).FileName);
    }

    [Fact]
    public void Rar4PackedUnicodeNameReusesTheOemBytes()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);

        // High byte 0x04; codes 01 (low byte + high byte: U+0436 'ж') and 11 (copy 2+2 OEM bytes).
        byte[] name = [.. "?.exe"u8, 0, 0x04, 0x70, 0x36, 0x02];
        var rar = RarTestData.Rar4(false, new Rar4File(name, "MZ"u8.ToArray(), 2, Unicode: true));
        var e = Leaf(ctx, rar);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal("ж.exe", Assert.Single(e.Children).FileName);
    }

    [Fact]
    public void Rar4WithEncryptedHeadersIsReportedWithoutMembers()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, RarTestData.Rar4(true, Rar4File.Stored("a.txt", "x")));

        new ArchiveExpander().Expand(e, ctx);

        Assert.Empty(e.Children);
        Assert.Equal("2", Anomaly(ctx, ArchiveAnomalies.EncryptedEntry)?.PartPath);
    }

    [Fact]
    public void Rar5MembersAreListedWithNamesSizesAndStoredContent()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var rar = RarTestData.Rar5(
            false,
            new Rar5File("folder", [], 0, Directory: true),
            Rar5File.Stored("folder/счёт.txt", "stored five"),
            new Rar5File("folder/tool.exe", new byte[30], 70_000, Method: 3));
        var e = Leaf(ctx, rar);

        var expander = new ArchiveExpander();
        Assert.True(expander.CanExpand(e));
        expander.Expand(e, ctx);

        Assert.Equal(["2/folder/счёт.txt", "2/folder/tool.exe"], e.Children.Select(c => c.Path));
        Assert.Equal("stored five", ContentText(e.Children[0]));
        Assert.Equal(70_000, e.Children[1].DeclaredSize);
        Assert.Null(e.Children[1].Content);
        Assert.Null(Anomaly(ctx, ArchiveAnomalies.Broken));
    }

    [Fact]
    public void Rar5EncryptedMemberIsFlagged()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var rar = RarTestData.Rar5(false, new Rar5File("secret.exe", new byte[32], 20, Encrypted: true), Rar5File.Stored("open.txt", "open"));
        var e = Leaf(ctx, rar);

        new ArchiveExpander().Expand(e, ctx);

        Assert.True(e.Children[0].IsEncrypted);
        Assert.Null(e.Children[0].Content);
        Assert.False(e.Children[1].IsEncrypted);
        Assert.Equal("open", ContentText(e.Children[1]));
    }

    [Fact]
    public void Rar5WithEncryptedHeadersIsReportedWithoutMembers()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, RarTestData.Rar5(true));

        new ArchiveExpander().Expand(e, ctx);

        Assert.Empty(e.Children);
        Assert.Equal("2", Anomaly(ctx, ArchiveAnomalies.EncryptedEntry)?.PartPath);
    }

    [Fact]
    public void TruncatedRarKeepsTheMembersBeforeTheCut()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var rar = RarTestData.Rar5(false, Rar5File.Stored("a.txt", "first"), Rar5File.Stored("b.txt", new string('b', 400)));
        var e = Leaf(ctx, rar.AsSpan(0, rar.Length - 300).ToArray());

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal("a.txt", e.Children[0].FileName);
        Assert.NotNull(Anomaly(ctx, ArchiveAnomalies.Broken));
    }
}
