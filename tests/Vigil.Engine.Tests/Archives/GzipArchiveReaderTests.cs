using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

public sealed class GzipArchiveReaderTests
{
    [Fact]
    public void MemberIsNamedFromTheHeaderFileName()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, GzipTestData.Gzip(Text("MZ payload"), "invoice.exe"), "invoice.pdf.gz");

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.Equal("2/invoice.exe", child.Path);
        Assert.Equal(NameSource.GzipHeader, child.Names[0].Source);
        Assert.Equal("MZ payload", ContentText(child));
        Assert.Equal(10, child.DeclaredSize);
    }

    [Theory]
    [InlineData("report.txt.gz", "report.txt")]
    [InlineData("BACKUP.TGZ", "BACKUP.tar")]
    public void WithoutAHeaderNameTheArchiveNameLosesItsSuffix(string archiveName, string expected)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, GzipTestData.Gzip(Text("data"), null), archiveName);

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.Equal(expected, child.FileName);
        Assert.Equal("2/" + expected, child.Path);
    }

    [Fact]
    public void WithNoNameAnywhereTheMemberIsNumbered()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, GzipTestData.Gzip(Text("data"), null), "data.bin");

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.Equal("2/#1", child.Path);
        Assert.Empty(child.Names);
        Assert.Equal("data", ContentText(child));
    }

    [Fact]
    public void CorruptDeflateDataIsReportedNotThrown()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var gz = GzipTestData.Gzip(Text(new string('q', 10_000)), "q.txt");
        for (var i = 20; i < gz.Length - 8; i += 3)
        {
            gz[i] ^= 0xa5;
        }

        var e = Leaf(ctx, gz);
        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal("q.txt", Assert.Single(e.Children).FileName);
        Assert.NotNull(Anomaly(ctx, ArchiveAnomalies.Broken));
    }
}
