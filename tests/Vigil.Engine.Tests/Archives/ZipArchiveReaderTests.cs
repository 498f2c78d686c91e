using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Testing;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

public sealed class ZipArchiveReaderTests
{
    [Fact]
    public void ExpandsStoredAndDeflatedMembersWithTheirContent()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var big = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello deflate ", 5000)));
        var zip = Zip(("a.txt", Text("stored body"), CompressionLevel.NoCompression), ("b.txt", big, CompressionLevel.Optimal));
        var e = Leaf(ctx, zip, "x.zip");

        var expander = new ArchiveExpander();
        Assert.True(expander.CanExpand(e));
        expander.Expand(e, ctx);

        Assert.Equal(["2/a.txt", "2/b.txt"], e.Children.Select(c => c.Path));
        Assert.All(e.Children, c => Assert.Equal(EntitySource.Archive, c.Source));
        Assert.Equal("stored body", ContentText(e.Children[0]));
        Assert.Equal(big, ContentBytes(e.Children[1]));
        Assert.Equal(big.Length, e.Children[1].DeclaredSize);
        Assert.Equal(NameSource.ArchiveEntry, e.Children[1].Names[0].Source);
        Assert.Empty(ctx.Anomalies);
        Assert.Equal(2, ctx.Budget.Parts);
        Assert.Equal(big.Length + 11, ctx.Budget.ArchiveExpandedBytes);
    }

    [Fact]
    public void DirectoriesAreNotMembersAndNamesAreTheLastPathSegment()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = Zip(
            ("docs/", [], CompressionLevel.Optimal),
            ("docs/deep/", [], CompressionLevel.Optimal),
            ("docs/deep/invoice.pdf.exe", Text("MZ"), CompressionLevel.Optimal),
            ("readme.txt", Text("hi"), CompressionLevel.Optimal));
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(2, e.Children.Count);
        var exe = e.Children[0];
        Assert.Equal("2/docs/deep/invoice.pdf.exe", exe.Path);
        Assert.Equal("docs/deep/invoice.pdf.exe", exe.Names[0].Raw);
        Assert.Equal("invoice.pdf.exe", exe.FileName);
    }

    [Fact]
    public void ReadsUtf8NamesAndCodePage437Names()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var zip = new HandZip()
            .Add("счёт.exe", Text("x"), flags: 1 << 11)
            .Add("Ä.txt", Text("y"), nameEncoding: Encoding.GetEncoding(437))
            .Build();
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(["счёт.exe", "Ä.txt"], e.Children.Select(c => c.FileName));
    }

    [Fact]
    public void UnicodePathExtraFieldWinsButTheHeaderNameIsKeptToo()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = new HandZip().Add("invoice.pdf", Text("x"), extra: HandZip.UnicodePathExtra("invoice.exe")).Build();
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.Equal("2/invoice.exe", child.Path);
        Assert.Equal(["invoice.exe", "invoice.pdf"], child.Names.Select(n => n.Normalized));
    }

    [Fact]
    public void LocalHeaderNameDifferingFromTheDirectoryIsAlsoANameCandidate()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = new HandZip().Add("harmless.txt", Text("x"), localName: "payload.js").Build();
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Contains(Assert.Single(e.Children).Names, n => n.Normalized == "payload.js");
    }

    [Fact]
    public void EncryptedFlagInBothHeadersMarksTheMemberEncryptedWithoutContent()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = Zip(("secret.exe", Text("MZ payload"), CompressionLevel.Optimal), ("plain.txt", Text("plain"), CompressionLevel.Optimal));
        SetFlagOfFirstEntry(zip, 0x0001);
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        var secret = e.Children[0];
        Assert.True(secret.IsEncrypted);
        Assert.Null(secret.Content);
        Assert.Equal(10, secret.DeclaredSize);
        Assert.Equal("plain", ContentText(e.Children[1]));
        Assert.Equal("2/secret.exe", Anomaly(ctx, ArchiveAnomalies.EncryptedEntry)?.PartPath);
    }

    [Fact]
    public void AesMethodCountsAsEncrypted()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = new HandZip().Add("a.exe", Text("ciphertext"), method: 99, flags: 1).Build();
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        Assert.True(Assert.Single(e.Children).IsEncrypted);
    }

    [Fact]
    public void MethodTheLibraryCannotDecodeLeavesTheMemberListedAndUnreadable()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = new HandZip().Add("a.exe", Text("pretend bzip2"), method: 12).Build();
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.Equal("a.exe", child.FileName);
        Assert.Equal(0, child.Size);
        Assert.True(child.IsUnreadable);
        Assert.Equal(13, child.DeclaredSize);
        Assert.Contains("bzip2", Anomaly(ctx, ArchiveAnomalies.Broken)?.Detail);
    }

    [Fact]
    public void MethodNobodyDecodesIsReportedAsUnsupported()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = new HandZip().Add("a.exe", Text("jpeg?"), method: 96).Build();
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.True(child.IsUnreadable);
        Assert.NotNull(Anomaly(ctx, ArchiveAnomalies.UnsupportedMethod) ?? Anomaly(ctx, ArchiveAnomalies.Broken));
    }

    [Fact]
    public void ReadsZip64RecordsAndExtraFields()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = new HandZip { Zip64 = true }
            .Add("one.txt", Text("first member"))
            .Add("two.txt", Text(new string('z', 4000)), deflate: true)
            .Build();
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(["one.txt", "two.txt"], e.Children.Select(c => c.FileName));
        Assert.Equal("first member", ContentText(e.Children[0]));
        Assert.Equal(4000, e.Children[1].DeclaredSize);
        Assert.Equal(new string('z', 4000), ContentText(e.Children[1]));
        Assert.Empty(ctx.Anomalies);
    }

    [Fact]
    public void ZipAppendedToAnExecutableIsFoundAndItsOffsetsShifted()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var stub = new byte[3000];
        "MZ"u8.CopyTo(stub);
        var zip = new HandZip { Prefix = stub }.Add("inner.exe", Text("MZ inner")).Build();
        var e = Leaf(ctx, zip, "setup.exe");

        var expander = new ArchiveExpander();
        Assert.True(expander.CanExpand(e));
        expander.Expand(e, ctx);

        Assert.Equal("MZ inner", ContentText(Assert.Single(e.Children)));
    }

    [Fact]
    public void ExecutableWithoutAZipIsNotAnArchive()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var exe = new byte[5000];
        "MZ"u8.CopyTo(exe);

        Assert.False(new ArchiveExpander().CanExpand(Leaf(ctx, exe)));
    }

    [Fact]
    public void MemberMissingFromTheCentralDirectoryIsFoundAndFlagged()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = new HandZip()
            .Add("shown.txt", Text("visible"))
            .Add("hidden.exe", Text("MZ hidden"), deflate: true, inDirectory: false)
            .Add("last.txt", Text("also visible"))
            .Build();
        var e = Leaf(ctx, zip);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(["shown.txt", "last.txt", "hidden.exe"], e.Children.Select(c => c.FileName));
        Assert.Equal("MZ hidden", ContentText(e.Children[2]));
        var hidden = Anomaly(ctx, ArchiveAnomalies.HiddenEntry);
        Assert.Equal("2/hidden.exe", hidden?.PartPath);
        Assert.Equal(AnomalySeverity.Format, hidden?.Severity);
    }

    [Fact]
    public void StoredZipInsideAZipIsNotMistakenForHiddenMembers()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var inner = Zip(("payload.exe", Text("MZ"), CompressionLevel.NoCompression));
        var outer = Zip(("inner.zip", inner, CompressionLevel.NoCompression));
        var e = Leaf(ctx, outer);

        ExpandAll(e, ctx);

        var innerEntity = Assert.Single(e.Children);
        Assert.Equal("2/inner.zip", innerEntity.Path);
        var payload = Assert.Single(innerEntity.Children);
        Assert.Equal("2/inner.zip/payload.exe", payload.Path);
        Assert.Equal(2, payload.ArchiveDepth);
        Assert.Null(Anomaly(ctx, ArchiveAnomalies.HiddenEntry));
    }

    [Fact]
    public void TruncatedZipWithoutDirectoryStillYieldsMembersFromLocalHeaders()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = Zip(("first.exe", Text("MZ first"), CompressionLevel.Optimal), ("second.txt", new byte[100_000], CompressionLevel.Optimal));
        var cut = zip.AsSpan(0, zip.Length / 2).ToArray();
        var e = Leaf(ctx, cut);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal("first.exe", e.Children[0].FileName);
        Assert.Equal("MZ first", ContentText(e.Children[0]));
        Assert.NotNull(Anomaly(ctx, ArchiveAnomalies.Broken));
    }

    [Fact]
    public void EmptyZipHasNoMembers()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, Zip());

        var expander = new ArchiveExpander();
        Assert.True(expander.CanExpand(e));
        expander.Expand(e, ctx);

        Assert.Empty(e.Children);
        Assert.Empty(ctx.Anomalies);
    }

    [Fact]
    public void RealEicarZipFromTheCorpusExpandsToTheTestFile()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = CorpusAttachment(TestPaths.Corpus("mime-is-broken", "hide-content-sample", "1652908061.zeQc"), "filename=\"eicar.zip\"");
        var e = Leaf(ctx, zip, "eicar.zip");

        new ArchiveExpander().Expand(e, ctx);

        var eicar = Assert.Single(e.Children);
        Assert.Equal("2/eicar.com", eicar.Path);
        Assert.Equal(68, eicar.Size);
        Assert.StartsWith("X5O!P%@AP", ContentText(eicar), StringComparison.Ordinal);
    }

    [Fact]
    public void RealPasswordProtectedZipFromTheCorpusIsListedAsEncrypted()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var zip = CorpusAttachment(TestPaths.Corpus("spamassassin", "spam", "olevbmacro", "zippwmacro.eml"), "filename=\"macro.zip\"");
        var e = Leaf(ctx, zip, "macro.zip");

        new ArchiveExpander().Expand(e, ctx);

        var member = Assert.Single(e.Children);
        Assert.Equal("macro.xlsm", member.FileName);
        Assert.True(member.IsEncrypted);
        Assert.Equal(12753, member.DeclaredSize);
        Assert.Null(member.Content);
    }

    /// <summary>Sets a general purpose flag on the first entry in both its local and its central header.</summary>
    private static void SetFlagOfFirstEntry(byte[] zip, ushort flag)
    {
        Assert.Equal(0x04034b50u, BinaryPrimitives.ReadUInt32LittleEndian(zip));
        var local = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(6));
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(6), (ushort)(local | flag));
        var central = zip.AsSpan().IndexOf("PK\u0001\u0002"u8);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(central + 8));
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(central + 8), (ushort)(flags | flag));
    }
}
