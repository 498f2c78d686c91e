using System.Security.Cryptography;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

/// <summary>
/// Debian's clamav-testfiles wrap one test program (clam.exe, 544 bytes) in many archive formats.
/// The package is not part of the corpora, so these tests pass trivially where it is not installed
/// (`apt-get install clamav-testfiles`).
/// </summary>
public sealed class ClamavTestFilesTests
{
    private const string Directory = "/usr/share/clamav-testfiles";
    private const string ClamExeMd5 = "aa15bcf478d165efd2065190eb473bcb";

    [Theory]
    [InlineData("clam.zip", "clam.exe")]
    [InlineData("clam.tar.gz", "clam.exe")]
    [InlineData("clam.bz2.zip", "clam.exe")]
    [InlineData("clam.d64.zip", "clam.exe")]
    [InlineData("clam.impl.zip", "clam.exe")]
    [InlineData("clam.7z", "clam.exe")]
    [InlineData("clam.arj", "clam.exe")]
    [InlineData("clam.exe.bz2", null)]
    public void ArchivedTestProgramIsExpandedByteForByte(string file, string? member)
    {
        if (!TryLoad(file, out var bytes))
        {
            return;
        }

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, bytes, file);
        ExpandAll(e, ctx);

        // A bare .bz2 names its one member after itself: clam.exe.bz2 holds clam.exe.
        var exe = Assert.Single(e.DescendantsAndSelf(), x => string.Equals(x.FileName, member ?? "clam.exe", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(ClamExeMd5, Convert.ToHexStringLower(MD5.HashData(ContentBytes(exe))));
        Assert.DoesNotContain(e.DescendantsAndSelf(), x => x.IsUnreadable);
    }

    [Fact]
    public void CabinetIsRecognisedAndReportedUnreadable()
    {
        if (!TryLoad("clam.cab", out var bytes))
        {
            return;
        }

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, bytes, "clam.cab");
        ExpandAll(e, ctx);

        Assert.True(e.IsUnreadable);
        Assert.NotNull(Anomaly(ctx, ArchiveAnomalies.Unsupported));
    }

    [Theory]
    [InlineData("clam.7z", ArchiveFormat.SevenZip)]
    [InlineData("clam.arj", ArchiveFormat.Arj)]
    [InlineData("clam.cab", ArchiveFormat.Cab)]
    [InlineData("clam.exe.bz2", ArchiveFormat.Bzip2)]
    [InlineData("clam.exe", ArchiveFormat.None)]
    [InlineData("clam.pdf", ArchiveFormat.None)]
    public void FormatsAreRecognisedFromContent(string file, ArchiveFormat format)
    {
        if (!TryLoad(file, out var bytes))
        {
            return;
        }

        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        Assert.Equal(format, ArchiveSniffer.Detect(Leaf(ctx, bytes).Content!));
    }

    [Fact]
    public void EveryTestFileIsHandledWithoutThrowing()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            using var ctx = new AnalysisContext(AnalysisLimits.Default);
            var e = Leaf(ctx, File.ReadAllBytes(path), Path.GetFileName(path));
            ExpandAll(e, ctx);
        }
    }

    private static bool TryLoad(string file, out byte[] bytes)
    {
        var path = Path.Combine(Directory, file);
        bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        return bytes.Length > 0;
    }
}
