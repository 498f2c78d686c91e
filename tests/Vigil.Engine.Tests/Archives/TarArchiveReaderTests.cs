using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

public sealed class TarArchiveReaderTests
{
    [Theory]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.V7)]
    public void ListsRegularFilesOfEveryTarFlavour(TarEntryFormat format)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var tar = Tar(format, ("dir/", null), ("dir/run.sh", "#!/bin/sh\necho hi\n"), ("notes.txt", new string('n', 1500)));
        var e = Leaf(ctx, tar);

        var expander = new ArchiveExpander();
        Assert.True(expander.CanExpand(e));
        expander.Expand(e, ctx);

        Assert.Equal(["2/dir/run.sh", "2/notes.txt"], e.Children.Select(c => c.Path));
        Assert.Equal("run.sh", e.Children[0].FileName);
        Assert.Equal("#!/bin/sh\necho hi\n", ContentText(e.Children[0]));
        Assert.Equal(1500, e.Children[1].Size);
        Assert.Equal(1500, e.Children[1].DeclaredSize);
        Assert.Empty(ctx.Anomalies);
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public void LongAndUnicodeNamesComeFromPaxAndGnuRecords(TarEntryFormat format)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var longName = string.Concat(Enumerable.Repeat("very-long-directory-name/", 8)) + "документ.pdf.exe";
        var e = Leaf(ctx, Tar(format, (longName, "MZ")));

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.Equal(longName, child.Names[0].Raw);
        Assert.Equal("документ.pdf.exe", child.FileName);
    }

    [Fact]
    public void TarGzExpandsInTwoStepsLikeThePipeline()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var tar = Tar(TarEntryFormat.Pax, ("bin/tool.exe", "MZ tool"));
        var e = Leaf(ctx, GzipTestData.Gzip(tar, fileName: null), "bundle.tgz");

        ExpandAll(e, ctx);

        var tarEntity = Assert.Single(e.Children);
        Assert.Equal("2/bundle.tar", tarEntity.Path);
        var tool = Assert.Single(tarEntity.Children);
        Assert.Equal("2/bundle.tar/bin/tool.exe", tool.Path);
        Assert.Equal("MZ tool", ContentText(tool));
        Assert.Equal(2, tool.ArchiveDepth);
    }

    [Fact]
    public void BadChecksumStopsTheListingKeepingEarlierMembers()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var tar = Tar(TarEntryFormat.Ustar, ("a.txt", "first"), ("b.txt", "second"));
        tar[1024 + 10] ^= 0x55; // second header's name
        var e = Leaf(ctx, tar);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal("a.txt", Assert.Single(e.Children).FileName);
        Assert.Contains("checksum", Anomaly(ctx, ArchiveAnomalies.Broken)?.Detail);
    }

    [Fact]
    public void HugeDeclaredSizeIsClippedToTheArchive()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var tar = Tar(TarEntryFormat.Ustar, ("a.txt", "tiny"));
        Encoding.ASCII.GetBytes("77777777777\0").CopyTo(tar, 124);
        FixChecksum(tar.AsSpan(0, 512));
        var e = Leaf(ctx, tar);

        new ArchiveExpander().Expand(e, ctx);

        var child = Assert.Single(e.Children);
        Assert.Equal(8589934591, child.DeclaredSize);
        Assert.True(child.Size <= tar.Length);
        Assert.NotNull(Anomaly(ctx, ArchiveAnomalies.Broken));
    }

    [Fact]
    public void HugeGnuLongNameIsNotAllocated()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var header = new byte[512];
        Encoding.ASCII.GetBytes("././@LongLink").CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes("17777777777\0").CopyTo(header, 124);
        header[156] = (byte)'L';
        Encoding.ASCII.GetBytes("ustar  \0").CopyTo(header, 257);
        FixChecksum(header);
        var e = Leaf(ctx, [.. header, .. new byte[2048]]);

        new ArchiveExpander().Expand(e, ctx);

        Assert.Empty(e.Children);
    }

    public static byte[] Tar(TarEntryFormat format, params (string Name, string? Text)[] entries)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, format, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                TarEntry entry = format switch
                {
                    TarEntryFormat.V7 => new V7TarEntry(text is null ? TarEntryType.Directory : TarEntryType.V7RegularFile, name),
                    TarEntryFormat.Ustar => new UstarTarEntry(text is null ? TarEntryType.Directory : TarEntryType.RegularFile, name),
                    TarEntryFormat.Pax => new PaxTarEntry(text is null ? TarEntryType.Directory : TarEntryType.RegularFile, name),
                    _ => new GnuTarEntry(text is null ? TarEntryType.Directory : TarEntryType.RegularFile, name),
                };
                if (text is not null)
                {
                    entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text));
                }

                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    private static void FixChecksum(Span<byte> header)
    {
        header.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header[148..]);
    }
}
