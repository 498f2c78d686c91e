using System.Diagnostics;
using System.Text;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Tnef;
using static Vigil.Mime.Tests.Tnef.TnefTestWriter;

namespace Vigil.Mime.Tests.Tnef;

public sealed class TnefExtractorTests
{
    private const uint AttOemCodepage = 0x00069007;
    private const uint AttAttachRenddata = 0x00069002;
    private const uint AttAttachTitle = 0x00018010;
    private const uint AttAttachData = 0x0006800F;
    private const uint AttAttachment = 0x00069005;
    private const ushort PtLong = 0x0003;
    private const ushort PtUnicode = 0x001F;
    private const ushort PtBinary = 0x0102;
    private const ushort PtObject = 0x000D;

    [Theory]
    [InlineData("application/ms-tnef", null, false)]
    [InlineData("application/vnd.ms-tnef", null, false)]
    [InlineData("application/octet-stream", "WINMAIL.DAT", false)]
    [InlineData("application/octet-stream", "x.TNEF", false)]
    [InlineData("application/octet-stream", "data.bin", true)]
    public void RecognisesTnefByTypeNameOrSignature(string type, string? name, bool signatureOnly)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = new Entity("2", EntitySource.MimePart) { DeclaredType = type, Content = ctx.NewSpool() };
        e.Content.Write(signatureOnly ? new TnefTestWriter().ToArray() : Encoding.ASCII.GetBytes("plain text body"));
        if (name is not null)
        {
            e.AddName(new NameCandidate(name, name, NameSource.ContentDispositionFilename));
        }

        Assert.True(new TnefExtractor().CanExpand(e));
    }

    [Fact]
    public void LeavesOtherContentAlone()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = new Entity("2", EntitySource.MimePart) { DeclaredType = "text/plain", Content = ctx.NewSpool() };
        e.Content.Write(Encoding.ASCII.GetBytes("hello world, not tnef"));

        Assert.False(new TnefExtractor().CanExpand(e));
        Assert.False(new TnefExtractor().CanExpand(new Entity("3", EntitySource.MimePart) { DeclaredType = "application/ms-tnef" }));
    }

    [Fact]
    public void ReadsTheTitleInTheMessageCodePage()
    {
        var bytes = new TnefTestWriter()
            .Attribute(1, AttOemCodepage, [.. UInt32(1251), .. UInt32(0)])
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Attribute(2, AttAttachTitle, [.. CodePage1251("счёт.exe"), 0])
            .Attribute(2, AttAttachData, Encoding.ASCII.GetBytes("MZ payload"))
            .ToArray();

        using var host = new TnefTestHost(bytes);

        var child = Assert.Single(host.Entity.Children);
        Assert.Equal("2/счёт.exe", child.Path);
        Assert.Equal(EntitySource.Tnef, child.Source);
        Assert.Equal(new NameCandidate("счёт.exe", "счёт.exe", NameSource.TnefTitle), Assert.Single(child.Names));
        Assert.Equal("MZ payload", Encoding.ASCII.GetString(TnefTestHost.ContentOf(child)));
        Assert.Empty(host.Context.Anomalies);
    }

    [Fact]
    public void KeepsContentWithABadChecksumButReportsIt()
    {
        var bytes = new TnefTestWriter()
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Attribute(2, AttAttachData, Encoding.ASCII.GetBytes("payload"), checksumDelta: 1)
            .Attribute(2, AttAttachTitle, Encoding.ASCII.GetBytes("a.exe\0"))
            .ToArray();

        using var host = new TnefTestHost(bytes);

        var child = Assert.Single(host.Entity.Children);
        Assert.Equal("a.exe", child.FileName);
        Assert.Equal("payload", Encoding.ASCII.GetString(TnefTestHost.ContentOf(child)));
        var anomaly = Assert.Single(host.Context.Anomalies);
        Assert.Equal(AnomalyCodes.TnefBroken, anomaly.Code);
        Assert.Contains("checksum", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void GivesEveryNameOfAnAttachmentAndTheTrailingDotNormalised()
    {
        var props = Properties(
            (PtUnicode, 0x3001, Variable(Encoding.Unicode.GetBytes("invoice.pdf\0"))),
            (PtUnicode, 0x3707, Variable(Encoding.Unicode.GetBytes("invoice.pdf.exe.\0"))),
            (PtUnicode, 0x370E, Variable(Encoding.Unicode.GetBytes("Application/PDF\0"))),
            (PtBinary, 0x3701, Variable(Encoding.ASCII.GetBytes("MZ"))));
        var bytes = new TnefTestWriter()
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Attribute(2, AttAttachTitle, Encoding.ASCII.GetBytes("INVOIC~1.EXE\0"))
            .Attribute(2, AttAttachment, props)
            .ToArray();

        using var host = new TnefTestHost(bytes);

        var child = Assert.Single(host.Entity.Children);
        Assert.Equal("2/invoice.pdf.exe", child.Path);
        Assert.Equal("application/pdf", child.DeclaredType);
        Assert.Equal(
            [
                new NameCandidate("invoice.pdf.exe.", "invoice.pdf.exe", NameSource.TnefLongFilename),
                new NameCandidate("INVOIC~1.EXE", "INVOIC~1.EXE", NameSource.TnefTitle),
                new NameCandidate("invoice.pdf", "invoice.pdf", NameSource.TnefDisplayName),
            ],
            child.Names);
        Assert.Equal("MZ", Encoding.ASCII.GetString(TnefTestHost.ContentOf(child)));
    }

    [Fact]
    public void ScansBothContentsWhenAnAttachmentCarriesTwo()
    {
        var props = Properties((PtBinary, 0x3701, Variable(Encoding.ASCII.GetBytes("evil"))));
        var bytes = new TnefTestWriter()
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Attribute(2, AttAttachTitle, Encoding.ASCII.GetBytes("a.txt\0"))
            .Attribute(2, AttAttachData, Encoding.ASCII.GetBytes("harmless"))
            .Attribute(2, AttAttachment, props)
            .ToArray();

        using var host = new TnefTestHost(bytes);

        Assert.Equal(["harmless", "evil"], host.Entity.Children.Select(c => Encoding.ASCII.GetString(TnefTestHost.ContentOf(c))));
        Assert.All(host.Entity.Children, c => Assert.Equal("a.txt", c.FileName));
        Assert.True(host.IsBroken);
    }

    [Theory]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    public void HugeLengthFieldsAllocateNothingAndAreReported(uint length)
    {
        // An attribute claiming gigabytes, and MAPI properties claiming billions of values.
        var hugeAttribute = new TnefTestWriter()
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Raw([2, 0x0F, 0x80, 0x06, 0x00, .. UInt32(length), 1, 2, 3])
            .ToArray();
        var hugeProperties = new TnefTestWriter()
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Attribute(2, AttAttachment, [.. UInt32(length), .. UInt32(((uint)0x3707 << 16) | PtUnicode), .. UInt32(length), .. UInt32(length), 0x41, 0])
            .ToArray();

        foreach (var bytes in new[] { hugeAttribute, hugeProperties })
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            using var host = new TnefTestHost(bytes);

            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
            Assert.True(host.IsBroken);
            Assert.Single(host.Entity.Children);
        }
    }

    [Fact]
    public void ReadsAttachedMessagesRecursively()
    {
        var inner = Message(new TnefTestWriter()
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Attribute(2, AttAttachTitle, Encoding.ASCII.GetBytes("inner.exe\0"))
            .Attribute(2, AttAttachData, Encoding.ASCII.GetBytes("MZ"))
            .ToArray(), "outer.msg");

        using var host = new TnefTestHost(inner);

        var outer = Assert.Single(host.Entity.Children);
        Assert.True(outer.IsContainer);
        Assert.Null(outer.Content);
        var nested = Assert.Single(outer.Children);
        Assert.Equal("2/outer.msg/inner.exe", nested.Path);
        Assert.Equal("MZ", Encoding.ASCII.GetString(TnefTestHost.ContentOf(nested)));
    }

    [Fact]
    public void StopsAttachedMessagesAtTheDepthLimit()
    {
        var bytes = new TnefTestWriter().Attribute(2, AttAttachTitle, Encoding.ASCII.GetBytes("deep.exe\0")).ToArray();
        for (var i = 0; i < 300; i++)
        {
            bytes = Message(bytes, "m");
        }

        using var host = new TnefTestHost(bytes, AnalysisLimits.Default with { MaxMimeDepth = 10 });

        var depth = 0;
        for (var e = host.Entity; e.Children.Count > 0; e = e.Children[0])
        {
            depth++;
        }

        Assert.Equal(10, depth);
        Assert.Contains(host.Context.Budget.Hits, h => h.Limit == LimitNames.MimeDepth);
    }

    [Fact]
    public void StopsAtThePartLimit()
    {
        var writer = new TnefTestWriter();
        for (var i = 0; i < 50; i++)
        {
            writer.Attribute(2, AttAttachRenddata, new byte[14]).Attribute(2, AttAttachData, [1, 2, 3]);
        }

        using var host = new TnefTestHost(writer.ToArray(), AnalysisLimits.Default with { MaxParts = 5 });

        Assert.Equal(5, host.Entity.Children.Count);
        Assert.Contains(host.Context.Budget.Hits, h => h.Limit == LimitNames.Parts);
    }

    [Fact]
    public void StopsWritingWhenTheDecodedBudgetIsSpent()
    {
        var bytes = new TnefTestWriter()
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Attribute(2, AttAttachData, new byte[200_000])
            .ToArray();

        using var host = new TnefTestHost(bytes, AnalysisLimits.Default with { MaxDecodedBytes = 100_000 });

        Assert.True(Assert.Single(host.Entity.Children).Size <= 100_000);
        Assert.Contains(host.Context.Budget.Hits, h => h.Limit == LimitNames.DecodedBytes);
    }

    [Fact]
    public void ReportsAMissingSignature()
    {
        using var host = new TnefTestHost(Encoding.ASCII.GetBytes("this is not a TNEF stream at all"));

        Assert.Empty(host.Entity.Children);
        Assert.True(host.IsBroken);
    }

    /// <summary>Wraps a TNEF stream as an attached message (PR_ATTACH_METHOD 5, PR_ATTACH_DATA_OBJ as IMessage object).</summary>
    private static byte[] Message(byte[] nested, string name)
    {
        var props = Properties(
            (PtUnicode, 0x3707, Variable(Encoding.Unicode.GetBytes(name + "\0"))),
            (PtLong, 0x3705, UInt32(5)),
            (PtObject, 0x3701, Variable([.. IidIMessage, .. nested])));
        return new TnefTestWriter()
            .Attribute(2, AttAttachRenddata, new byte[14])
            .Attribute(2, AttAttachment, props)
            .ToArray();
    }

    private static byte[] CodePage1251(string text) => CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes(text);
}
