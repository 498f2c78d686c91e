using System.Diagnostics;
using SharpCompress.Archives.Zip;
using SharpCompress.Readers;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

/// <summary>
/// Archives written by the real tools (Debian's 7zip, arj, lzip, xz-utils, bzip2, zstd, zip, gcab;
/// scripts/archivers.sh installs them from scripts/test.sh), and bombs built with them: a
/// thousandfold ratio, nesting past the depth limit, more members than the entry limit. Each must
/// end expanded or bounded with the limit named, never unbounded and never silently clean.
/// </summary>
public sealed class RealToolArchivesTests : IDisposable
{
    private const string Payload = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vigil-archivers-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("a.7z", "7zz a -bd -t7z a.7z payload.com")]
    [InlineData("a-solid-bzip2.7z", "7zz a -bd -t7z -m0=BZip2 a-solid-bzip2.7z payload.com notes.txt")]
    [InlineData("a.zip", "zip -q a.zip payload.com")]
    [InlineData("a-deflate64.zip", "7zz a -bd -tzip -mm=Deflate64 a-deflate64.zip payload.com")]
    [InlineData("a-bzip2.zip", "7zz a -bd -tzip -mm=BZip2 a-bzip2.zip payload.com")]
    [InlineData("a-lzma.zip", "7zz a -bd -tzip -mm=LZMA a-lzma.zip payload.com")]
    [InlineData("a-ppmd.zip", "7zz a -bd -tzip -mm=PPMd a-ppmd.zip payload.com")]
    [InlineData("a.arj", "arj a -y a.arj payload.com")]
    [InlineData("payload.com.lz", "lzip -k payload.com")]
    [InlineData("payload.com.xz", "xz -k payload.com")]
    [InlineData("payload.com.bz2", "bzip2 -k payload.com")]
    [InlineData("payload.com.zst", "zstd -q payload.com")]
    [InlineData("a.tar.xz", "tar -cJf a.tar.xz payload.com")]
    [InlineData("a.tar.lz", "tar --lzip -cf a.tar.lz payload.com")]
    [InlineData("a.tar.zst", "tar --zstd -cf a.tar.zst payload.com")]
    public void ArchiveBuiltByTheToolGivesBackThePayload(string archive, string command)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "payload.com"), Payload);
        File.WriteAllText(Path.Combine(_dir.FullName, "notes.txt"), string.Concat(Enumerable.Repeat("notes ", 500)));
        Run(command);

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, File.ReadAllBytes(Path.Combine(_dir.FullName, archive)), archive);
        ExpandAll(e, ctx);

        var member = Assert.Single(e.DescendantsAndSelf(), x => x.FileName == "payload.com" && x.Content is not null);
        Assert.Equal(Payload, ContentText(member));
        Assert.DoesNotContain(e.DescendantsAndSelf(), x => x.IsUnreadable || x.IsEncrypted);
    }

    [Theory]
    [InlineData("e.7z", "7zz a -bd -t7z -psecret e.7z payload.com")]
    [InlineData("eh.7z", "7zz a -bd -t7z -psecret -mhe=on eh.7z payload.com")]
    [InlineData("e-aes.zip", "7zz a -bd -tzip -psecret -mem=AES256 e-aes.zip payload.com")]
    [InlineData("e-zipcrypto.zip", "zip -q -P secret e-zipcrypto.zip payload.com")]
    [InlineData("e.arj", "arj a -y -gsecret e.arj payload.com")]
    public void EncryptedArchiveOfTheToolIsEncryptedNotClean(string archive, string command)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "payload.com"), Payload);
        Run(command);

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, File.ReadAllBytes(Path.Combine(_dir.FullName, archive)), archive);
        ExpandAll(e, ctx);

        Assert.Contains(e.DescendantsAndSelf(), x => x.IsEncrypted);
        Assert.DoesNotContain(e.DescendantsAndSelf(), x => x.Content is not null && x != e && ContentText(x).Contains("EICAR", StringComparison.Ordinal));
    }

    [Fact]
    public void CabinetBuiltByGcabIsUnreadable()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "payload.com"), Payload);
        Run("gcab -c a.cab payload.com");

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, File.ReadAllBytes(Path.Combine(_dir.FullName, "a.cab")), "a.cab");
        ExpandAll(e, ctx);

        Assert.Equal(ArchiveFormat.Cab, ArchiveSniffer.Detect(e.Content!));
        Assert.True(e.IsUnreadable);
    }

    [Theory]
    [InlineData("bomb.7z", "head -c 200000000 /dev/zero > zeros.bin && 7zz a -bd -t7z bomb.7z zeros.bin")]
    [InlineData("bomb.xz", "head -c 200000000 /dev/zero | xz -T1 > bomb.xz")]
    [InlineData("bomb.bz2", "head -c 200000000 /dev/zero | bzip2 > bomb.bz2")]
    [InlineData("bomb.zst", "head -c 200000000 /dev/zero | zstd -q -19 > bomb.zst")]
    [InlineData("bomb-deflate64.zip", "head -c 200000000 /dev/zero > zeros.bin && 7zz a -bd -tzip -mm=Deflate64 bomb-deflate64.zip zeros.bin")]
    public void RatioBombStopsAtTheRatioLimit(string archive, string command)
    {
        Run(command);
        var bytes = File.ReadAllBytes(Path.Combine(_dir.FullName, archive));

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, bytes, archive);
        ExpandAll(e, ctx);

        Assert.Contains(ctx.Budget.Hits, h => h.Limit == LimitNames.ExpansionRatio);
        var expanded = e.DescendantsAndSelf().Where(x => x != e).Sum(x => x.Size);
        Assert.InRange(expanded, 1, Math.Max(MemberWriter.RatioFloorBytes, AnalysisLimits.Default.MaxExpansionRatio * bytes.Length) + (64 * 1024));
    }

    [Fact]
    public void SolidArchiveOfManySmallBombsIsJudgedOverTheWholeArchive()
    {
        // Each member alone stays under the 1 MB floor; together they expand far past 100:1.
        Run("for i in $(seq 1 40); do head -c 900000 /dev/zero > z$i.bin; done && 7zz a -bd -t7z -ms=on solid.7z z*.bin");
        var bytes = File.ReadAllBytes(Path.Combine(_dir.FullName, "solid.7z"));

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, bytes, "solid.7z");
        ExpandAll(e, ctx);

        Assert.Contains(ctx.Budget.Hits, h => h.Limit == LimitNames.ExpansionRatio);
        Assert.True(e.Children.Sum(c => c.Size) < 40L * 900_000);
    }

    [Fact]
    public void NestingPastTheDepthLimitIsALimitHit()
    {
        // payload in zip in 7z in tar.xz in arj in zip ... alternating the real tools, ten deep.
        File.WriteAllText(Path.Combine(_dir.FullName, "payload.com"), Payload);
        string[] steps = ["zip -q l1.zip payload.com", "7zz a -bd -t7z l2.7z l1.zip", "tar -cJf l3.tar.xz l2.7z", "arj a -y l4.arj l3.tar.xz",
            "zip -q l5.zip l4.arj", "7zz a -bd -t7z l6.7z l5.zip", "bzip2 -k l6.7z && mv l6.7z.bz2 l7.bz2", "lzip -k l7.bz2 && mv l7.bz2.lz l8.lz",
            "zstd -q l8.lz -o l9.zst", "zip -q l10.zip l9.zst"];
        foreach (var step in steps)
        {
            Run(step);
        }

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, File.ReadAllBytes(Path.Combine(_dir.FullName, "l10.zip")), "l10.zip");
        ExpandAll(e, ctx);

        Assert.Contains(ctx.Budget.Hits, h => h.Limit == LimitNames.ArchiveDepth);
        Assert.Equal(AnalysisLimits.Default.MaxArchiveDepth, e.DescendantsAndSelf().Max(x => x.ArchiveDepth));
    }

    [Fact]
    public void MoreMembersThanTheEntryLimitStopsTheListing()
    {
        Run("mkdir many && for i in $(seq 1 60); do echo $i > many/f$i.txt; done && 7zz a -bd -t7z many.7z many");

        using var ctx = new AnalysisContext(AnalysisLimits.Default with { MaxArchiveEntries = 25 });
        var e = Leaf(ctx, File.ReadAllBytes(Path.Combine(_dir.FullName, "many.7z")), "many.7z");
        ExpandAll(e, ctx);

        Assert.Equal(25, e.Children.Count);
        Assert.Contains(ctx.Budget.Hits, h => h.Limit == LimitNames.ArchiveEntries);
    }

    /// <summary>
    /// A 7z whose header asks for a 4 GiB LZMA2 or LZMA dictionary, or 4 GiB of PPMd memory: a
    /// decoder that believed it would allocate that for a 20-byte file. The library refuses
    /// anything over 64 MiB; the archive must come out unreadable, with little allocated.
    /// </summary>
    [Theory]
    [InlineData("LZMA2", new byte[] { 0x21, 0x01 }, 0)]
    [InlineData("LZMA2", new byte[] { 0x21, 0x01 }, 1)]
    [InlineData("LZMA", new byte[] { 0x03, 0x01, 0x01, 0x05 }, 2)]
    [InlineData("PPMd", new byte[] { 0x03, 0x04, 0x01, 0x05 }, 2)]
    public void HostileDecoderMemoryInA7zHeaderIsRefusedNotAllocated(string method, byte[] coderId, int patch)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "p.txt"), "hello world payload");
        Run($"7zz a -bd -t7z -mhc=off -m0={method} a.7z p.txt");
        var bytes = File.ReadAllBytes(Path.Combine(_dir.FullName, "a.7z"));

        // The start header (32 bytes) says where the uncompressed (-mhc=off) header is and its CRC.
        var headerAt = 32 + (int)System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        var headerLength = (int)System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(20));
        var header = bytes.AsSpan(headerAt, headerLength);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)), Crc(header));
        var props = header.IndexOf(coderId) + coderId.Length;
        Assert.True(props >= coderId.Length, "coder not found in the header");
        switch (patch)
        {
            case 0:
                header[props] = 40; // LZMA2's largest dictionary code: 4 GiB - 1
                break;
            case 1:
                header[props] = 34; // 512 MiB
                break;
            default:
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header[(props + 1)..], 0xFFFFFFF0); // after lc/lp/pb or the PPMd order
                break;
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), Crc(header));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Crc(bytes.AsSpan(12, 20)));

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, bytes, "a.7z");
        var before = GC.GetAllocatedBytesForCurrentThread();
        ExpandAll(e, ctx);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(e.DescendantsAndSelf(), x => x.IsUnreadable);
        Assert.InRange(allocated, 0, 64L * 1024 * 1024);
    }

    /// <summary>
    /// Why zip keeps its native lister (docs/ARCHITECTURE.md): a member only in a local header, which
    /// some extractors honour, is invisible to the library's zip reader; Vigil's lists and flags it.
    /// </summary>
    [Fact]
    public void NativeZipListingSeesAMemberTheLibraryDoesNot()
    {
        var zip = new HandZip().Add("a.txt", Text("visible")).Add("hidden.exe", Text("MZ hidden"), deflate: true, inDirectory: false).Build();

        using var input = new MemoryStream(zip);
        using var library = ZipArchive.OpenArchive(input, new ReaderOptions { LeaveStreamOpen = true });
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, zip);
        new ArchiveExpander().Expand(e, ctx);

        Assert.DoesNotContain(library.Entries, x => x.Key == "hidden.exe");
        Assert.Contains(e.Children, c => c.FileName == "hidden.exe");
        Assert.NotNull(Anomaly(ctx, ArchiveAnomalies.HiddenEntry));
    }

    private void Run(string command)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            WorkingDirectory = _dir.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"'{command}' failed ({p.ExitCode}): {stderr} {stdout.Result}");
    }

    private static uint Crc(ReadOnlySpan<byte> data) => SharpCompress.Compressors.Xz.Crc32.Compute(data.ToArray());
}
