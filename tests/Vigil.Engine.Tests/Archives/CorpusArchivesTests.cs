using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Vigil.Engine.Analysis;
using Vigil.Engine.Analysis.Archives;
using Vigil.Engine.Policy;
using Vigil.Engine.Tests.Policy;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Testing;
using static Vigil.Engine.Tests.Archives.ArchiveTestKit;

namespace Vigil.Engine.Tests.Archives;

/// <summary>
/// Every file of ../shared/corpora/archives (SharpCompress's own test archives: rar 4/5, 7z, ace,
/// arj, arc, tar.*, zip variants). Each holds the same three files; what Vigil expands is compared
/// with what Debian's 7-Zip extracts from one of them, byte for byte. Encrypted ones must come out
/// encrypted and unreadable ones unreadable, never as a clean archive.
/// </summary>
public sealed class CorpusArchivesTests
{
    private static readonly Lazy<string[]> ReferenceHashes = new(ExtractReference);

    public enum Expect
    {
        /// <summary>All three files expanded, byte for byte.</summary>
        Opened,

        /// <summary>Something (the archive or a member) is encrypted; nothing encrypted has content.</summary>
        Encrypted,

        /// <summary>Something is unreadable (a method or format the library lacks, or damage).</summary>
        Unreadable,
    }

    public static TheoryData<string, Expect> Files() => new()
    {
        { "7Zip.BCJ2.7z", Expect.Opened },
        { "7Zip.BZip2.7z", Expect.Opened },
        { "7Zip.LZMA.7z", Expect.Opened },
        { "7Zip.LZMA2.7z", Expect.Opened },
        { "7Zip.PPMd.7z", Expect.Opened },
        { "7Zip.solid.7z", Expect.Opened },
        { "7Zip.LZMA2.Aes.7z", Expect.Encrypted },
        { "7Zip.encryptedFiles.7z", Expect.Encrypted },
        { "7Zip.ZSTD.7z", Expect.Opened },
        { "Ace.store.ace", Expect.Opened },
        { "Ace.method1.ace", Expect.Unreadable },
        { "Ace.method2.ace", Expect.Unreadable },
        { "Ace.encrypted.ace", Expect.Encrypted },
        { "Arc.crunched.arc", Expect.Unreadable },
        { "Arc.squashed.arc", Expect.Unreadable },
        { "Arc.squeezed.arc", Expect.Unreadable },
        { "Arc.uncompressed.arc", Expect.Unreadable },
        { "Arj.method1.arj", Expect.Opened },
        { "Arj.method4.arj", Expect.Opened },
        { "Arj.store.arj", Expect.Opened },
        { "Arj.encrypted.arj", Expect.Encrypted },
        { "Rar.comment.rar", Expect.Opened },
        { "Rar.none.rar", Expect.Opened },
        { "Rar.solid.rar", Expect.Opened },
        { "Rar.Encrypted.rar", Expect.Encrypted },
        { "Rar.encrypted_filesAndHeader.rar", Expect.Encrypted },
        { "Rar.encrypted_filesOnly.rar", Expect.Encrypted },
        { "Rar.malformed_512byte.rar", Expect.Unreadable },
        { "Rar5.comment.rar", Expect.Opened },
        { "Rar5.crc_blake2.rar", Expect.Opened },
        { "Rar5.none.rar", Expect.Opened },
        { "Rar5.rar", Expect.Opened },
        { "Rar5.solid.rar", Expect.Opened },
        { "Rar5.encrypted_filesAndHeader.rar", Expect.Encrypted },
        { "Rar5.encrypted_filesOnly.rar", Expect.Encrypted },
        { "Tar.tar.bz2", Expect.Opened },
        { "Tar.tar.gz", Expect.Opened },
        { "Tar.tar.lz", Expect.Opened },
        { "Tar.tar.xz", Expect.Opened },
        { "Tar.tar.zst", Expect.Opened },
        { "Zip.bzip2.zip", Expect.Opened },
        { "Zip.deflate64.zip", Expect.Opened },
        { "Zip.implode.zip", Expect.Opened },
        { "Zip.lzma.zip", Expect.Opened },
        { "Zip.ppmd.zip", Expect.Opened },
        { "Zip.zip64.zip", Expect.Opened },
        { "Zip.deflate.WinzipAES.zip", Expect.Encrypted },
        { "Zip.none.encrypted.zip", Expect.Encrypted },
        { "zipcrypto.zip", Expect.Encrypted },
    };

    [Fact]
    public void EveryFileOfTheCorpusIsInTheTable()
    {
        var listed = Files().Select(row => (string)row[0]).Append("Zip.Evil.zip").Append("LICENSE-sharpcompress.txt").Order();
        var present = Directory.GetFiles(TestPaths.Corpus("archives")).Select(Path.GetFileName).Order();
        Assert.Equal(listed, present!);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ArchiveIsOpenedOrSaysWhyNot(string file, Expect expect)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, File.ReadAllBytes(TestPaths.Corpus("archives", file)), file);
        Assert.NotEqual(ArchiveFormat.None, ArchiveSniffer.Detect(e.Content!));
        ExpandAll(e, ctx);
        var all = e.DescendantsAndSelf().ToList();

        switch (expect)
        {
            case Expect.Opened:
                var hashes = all.Where(x => x != e && x.Content is not null).Select(x => Md5(ContentBytes(x))).ToHashSet();
                Assert.All(ReferenceHashes.Value, h => Assert.Contains(h, hashes));
                Assert.DoesNotContain(all, x => x.IsUnreadable || x.IsEncrypted);
                break;
            case Expect.Encrypted:
                Assert.Contains(all, x => x.IsEncrypted);
                Assert.All(all.Where(x => x.IsEncrypted && x != e), x => Assert.Null(x.Content));
                Assert.NotNull(Anomaly(ctx, ArchiveAnomalies.EncryptedEntry));
                break;
            case Expect.Unreadable:
                Assert.Contains(all, x => x.IsUnreadable);
                break;
        }
    }

    [Theory]
    [InlineData("Rar.encrypted_filesOnly.rar")]
    [InlineData("Rar5.encrypted_filesOnly.rar")]
    [InlineData("7Zip.encryptedFiles.7z")]
    [InlineData("7Zip.LZMA2.Aes.7z")]
    public void ArchiveWithOnlyItsFilesEncryptedStillShowsTheirNames(string file)
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, File.ReadAllBytes(TestPaths.Corpus("archives", file)));
        ExpandAll(e, ctx);

        Assert.Equal(["test.exe", "test.jpg", "тест.txt"], e.Children.Select(c => c.FileName!).Order(StringComparer.Ordinal));
        Assert.All(e.Children, c => Assert.True(c.IsEncrypted));
        Assert.All(e.Children, c => Assert.Null(c.Content));
    }

    [Fact]
    public void TraversalNamesInAZipAreDataNotPaths()
    {
        using var ctx = new AnalysisContext(AnalysisLimits.Default);
        var e = Leaf(ctx, File.ReadAllBytes(TestPaths.Corpus("archives", "Zip.Evil.zip")), "Zip.Evil.zip");
        ExpandAll(e, ctx);

        var evil = Assert.Single(e.Children, c => c.FileName == "evil.txt");
        Assert.Contains(evil.Names, n => n.Raw.Contains("..", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "evil.txt"));
    }

    [Theory]
    [InlineData("Ace.method1.ace", "unreadable-archive")]
    [InlineData("Arc.squeezed.arc", "unreadable-archive")]
    [InlineData("Rar5.encrypted_filesAndHeader.rar", "encrypted-archive")]
    [InlineData("7Zip.LZMA2.Aes.7z", "encrypted-archive")]
    public void PolicyBlocksWhatCouldNotBeChecked(string file, string rule)
    {
        using var analysis = Analyze(file);
        using var dir = new TempControlDirectory().Write("filters", "encryptedarchives=yes\n");
        var policy = PolicyTestHelpers.Load(dir);

        Assert.Contains(new PolicyEvaluator(policy).Evaluate(analysis), f => f.Rule == rule);
    }

    [Theory]
    [InlineData("Rar5.solid.rar")]
    [InlineData("7Zip.BCJ2.7z")]
    [InlineData("Arj.method4.arj")]
    public void NamesInsideLibraryArchivesGoThroughTheFileNameChecks(string file)
    {
        using var analysis = Analyze(file);

        // The built-in policy blocks .exe attachments by name; test.exe sits inside the archive.
        var findings = new PolicyEvaluator(PolicySet.BuiltIn).Evaluate(analysis);
        Assert.Contains(findings, f => f.PartPath.EndsWith("test.exe", StringComparison.OrdinalIgnoreCase));
    }

    private static MessageAnalysis Analyze(string file)
    {
        var body = Convert.ToBase64String(File.ReadAllBytes(TestPaths.Corpus("archives", file)), Base64FormattingOptions.InsertLineBreaks);
        var mail = $"From: a@example.com\r\nTo: b@example.com\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
            + $"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhere\r\n"
            + $"--b\r\nContent-Type: application/octet-stream; name=\"{file}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}\r\n--b--\r\n";
        return new MessageAnalyzer().Analyze(new MemoryStream(Encoding.ASCII.GetBytes(mail)));
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    /// <summary>The three files as Debian's 7-Zip (scripts/archivers.sh installs it) extracts them.</summary>
    private static string[] ExtractReference()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-ref-");
        try
        {
            var start = new ProcessStartInfo("7zz", ["x", "-y", "-o" + dir.FullName, TestPaths.Corpus("archives", "7Zip.LZMA2.7z")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(start)!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            var files = Directory.GetFiles(dir.FullName, "*", SearchOption.AllDirectories);
            Assert.Equal(3, files.Length);
            return files.Select(f => Md5(File.ReadAllBytes(f))).ToArray();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
