using System.Formats.Tar;
using System.IO.Compression;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

/// <summary>Hostile and damaged input never throws out of the expander and never runs away.</summary>
public sealed class ArchiveRobustnessTests
{
    public static TheoryData<string> Samples => new(SampleArchives().Keys);

    [Theory]
    [MemberData(nameof(Samples))]
    public void TruncationAtEveryOffsetNeverThrows(string sample)
    {
        var bytes = SampleArchives()[sample];
        var step = Math.Max(1, bytes.Length / 400);
        for (var cut = 1; cut < bytes.Length; cut += step)
        {
            Run(bytes.AsSpan(0, cut).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void CorruptedBytesNeverThrow(string sample)
    {
        var original = SampleArchives()[sample];
        var random = new Random(sample.Length * 7919);
        for (var round = 0; round < 300; round++)
        {
            var bytes = (byte[])original.Clone();
            var flips = 1 + random.Next(8);
            for (var i = 0; i < flips; i++)
            {
                // Keep the magic intact so the damage reaches the format reader.
                var at = 8 + random.Next(Math.Max(1, bytes.Length - 8));
                if (at < bytes.Length)
                {
                    bytes[at] = (byte)random.Next(256);
                }
            }

            Run(bytes);
        }
    }

    [Theory]
    [InlineData("PK\u0003\u0004")]
    [InlineData("PK\u0005\u0006")]
    [InlineData("\u001f\u008b\u0008")]
    [InlineData("Rar!\u001a\u0007\u0000")]
    [InlineData("Rar!\u001a\u0007\u0001\u0000")]
    [InlineData("7z\u00bc\u00af\u0027\u001c")]
    [InlineData("\u0060\u00ea")]
    [InlineData("BZh91AY&SY")]
    [InlineData("\u00fd7zXZ\u0000")]
    [InlineData("LZIP\u0001")]
    [InlineData("\u0028\u00b5\u002f\u00fd")]
    [InlineData("MZ")]
    public void RandomBytesBehindAnArchiveMagicNeverThrow(string magic)
    {
        var random = new Random(magic.Length);
        var prefix = System.Text.Encoding.Latin1.GetBytes(magic);
        for (var round = 0; round < 300; round++)
        {
            var body = new byte[random.Next(0, 3000)];
            random.NextBytes(body);
            Run([.. prefix, .. body]);
        }
    }

    [Fact]
    public void ZipWhoseEntriesAllPointAtOneHugeMemberIsBoundedByTheBudget()
    {
        // An overlapping-entries bomb: many directory entries share one deflated local member.
        var zeros = new byte[5 * 1024 * 1024];
        var hand = new HandZip().Add("a.bin", zeros, deflate: true);
        var single = hand.Build();
        var directoryAt = single.AsSpan().IndexOf("PK\u0001\u0002"u8);
        var endAt = single.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        var central = single.AsSpan(directoryAt, endAt - directoryAt).ToArray();
        using var output = new MemoryStream();
        output.Write(single.AsSpan(0, directoryAt));
        const int copies = 200;
        for (var i = 0; i < copies; i++)
        {
            output.Write(central);
        }

        var end = single.AsSpan(endAt).ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), copies);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), copies);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)(central.Length * copies));
        output.Write(end);

        using var ctx = new AnalysisContext(AnalysisLimits.Default with { MaxArchiveExpandedBytes = 20 * 1024 * 1024 });
        var e = Leaf(ctx, output.ToArray());
        new ArchiveExpander().Expand(e, ctx);

        Assert.Equal(copies, e.Children.Count);
        Assert.True(ctx.Budget.ArchiveExpandedBytes <= 20 * 1024 * 1024);
        Assert.Contains(ctx.Budget.Hits, h => h.Limit is LimitNames.ExpansionRatio or LimitNames.ArchiveExpandedBytes);
    }

    private static void Run(byte[] bytes)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default with { MaxAnalysisTime = TimeSpan.FromSeconds(20) });
        var e = Leaf(ctx, bytes, "x.tgz");
        ExpandAll(e, ctx);
        foreach (var member in e.DescendantsAndSelf())
        {
            Assert.True(member.Size <= AnalysisLimits.Default.MaxArchiveExpandedBytes);
        }
    }

    /// <summary>
    /// The first 8 KiB of a corpus archive (7z keeps its directory at the end, so those are taken
    /// whole): enough for every header path, small enough for hundreds of rounds.
    /// </summary>
    private static byte[] CorpusHead(string file, bool whole = false)
    {
        var bytes = File.ReadAllBytes(Vigil.Testing.TestPaths.Corpus("archives", file));
        return whole ? bytes : bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).ToArray();
    }

    private static Dictionary<string, byte[]> SampleArchives()
    {
        var text = Text(string.Concat(Enumerable.Repeat("sample member text ", 300)));
        var nested = Zip(("inner.txt", text, CompressionLevel.Optimal));
        var tar = TarArchiveReaderTests.Tar(TarEntryFormat.Pax, ("dir/a.txt", "alpha"), ("b.txt", new string('b', 700)));
        return new Dictionary<string, byte[]>
        {
            ["zip"] = Zip(("a.txt", text, CompressionLevel.Optimal), ("dir/", [], CompressionLevel.Optimal), ("dir/b.zip", nested, CompressionLevel.NoCompression)),
            ["zip64"] = new HandZip { Zip64 = true }.Add("a.txt", text, deflate: true).Add("b.txt", Text("bee")).Build(),
            ["hidden-zip"] = new HandZip().Add("a.txt", text).Add("h.txt", text, deflate: true, inDirectory: false).Add("c.txt", Text("c")).Build(),
            ["tar"] = tar,
            ["tgz"] = GzipTestData.Gzip(tar, "x.tar"),
            ["rar4"] = RarTestData.Rar4(false, Rar4File.Stored("a.txt", "alpha"), Rar4File.Stored("b.txt", "beta")),
            ["rar5"] = RarTestData.Rar5(false, Rar5File.Stored("a.txt", "alpha"), new Rar5File("s.exe", new byte[48], 48, Encrypted: true)),

            // Real archives read through the library, cut to their first 8 KiB to keep the rounds quick.
            ["rar-solid"] = CorpusHead("Rar.solid.rar"),
            ["rar5-solid"] = CorpusHead("Rar5.solid.rar"),
            ["7z-lzma2"] = CorpusHead("7Zip.LZMA2.7z", whole: true),
            ["7z-ppmd"] = CorpusHead("7Zip.PPMd.7z", whole: true),
            ["arj"] = CorpusHead("Arj.method4.arj"),
            ["ace"] = CorpusHead("Ace.store.ace"),
            ["arc"] = CorpusHead("Arc.squeezed.arc"),
            ["tar.xz"] = CorpusHead("Tar.tar.xz"),
            ["tar.bz2"] = CorpusHead("Tar.tar.bz2"),
            ["tar.lz"] = CorpusHead("Tar.tar.lz"),
            ["tar.zst"] = CorpusHead("Tar.tar.zst"),
        };
    }
}
