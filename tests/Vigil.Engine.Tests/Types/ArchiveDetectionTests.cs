using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Types.DetectorHarness;

namespace Vigil.Engine.Tests.Types;

public sealed class ArchiveDetectionTests
{
    internal static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public void DetectsAZipBuiltByTheFramework()
    {
        var type = Detect(Zip(("a.txt", "hello"), ("dir/b.txt", "world")));

        Assert.Equal("zip", type.Id);
        Assert.Equal(ContentKind.Archive, type.Kind);
        Assert.Equal("application/zip", type.MimeType);
    }

    [Fact]
    public void DetectsAnEmptyZip()
    {
        Assert.Equal("zip", Detect(Zip()).Id);
    }

    [Fact]
    public void DetectsASpannedZipMarker()
    {
        var spanned = Hex("504B0708").Concat(Zip(("a.txt", "x"))).ToArray();

        Assert.Equal("zip", Detect(spanned).Id);
    }

    [Fact]
    public void DetectsAJarAndAnApk()
    {
        Assert.Equal("jar", Detect(Zip(("META-INF/MANIFEST.MF", "Main-Class: A\n"), ("A.class", "x"))).Id);
        Assert.Equal("apk", Detect(Zip(("AndroidManifest.xml", "x"), ("classes.dex", "dex\n035\0"))).Id);
    }

    [Fact]
    public void DetectsGzipFromGZipStream()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes("some text to compress"));
        }

        Assert.Equal("gzip", Detect(buffer.ToArray()).Id);
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax, "POSIX tar archive")]
    [InlineData(TarEntryFormat.Ustar, "POSIX tar archive")]
    [InlineData(TarEntryFormat.Gnu, "GNU tar archive")]
    [InlineData(TarEntryFormat.V7, "tar archive (V7)")]
    public void DetectsTarInEveryFormatTheFrameworkWrites(TarEntryFormat format, string description)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, format, leaveOpen: true))
        {
            var entry = format switch
            {
                TarEntryFormat.Pax => (TarEntry)new PaxTarEntry(TarEntryType.RegularFile, "hello.txt"),
                TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.RegularFile, "hello.txt"),
                TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.RegularFile, "hello.txt"),
                _ => new V7TarEntry(TarEntryType.V7RegularFile, "hello.txt"),
            };
            entry.DataStream = new MemoryStream(Encoding.ASCII.GetBytes("hello"));
            tar.WriteEntry(entry);
        }

        var type = Detect(buffer.ToArray());

        Assert.Equal("tar", type.Id);
        Assert.Equal(description, type.Description);
    }

    [Fact]
    public void DoesNotTakeTextForAV7TarWhenTheChecksumDoesNotAddUp()
    {
        var text = string.Concat(Enumerable.Repeat("This is a long line of plain mail text. ", 20));

        Assert.Equal("text", Detect(text).Id);
    }

    [Theory]
    [InlineData("526172211A0700 CF907300000D", "rar", "v4")]
    [InlineData("526172211A070100 33B2", "rar", "v5")]
    [InlineData("377ABCAF271C 0004", "7z", "7-zip")]
    [InlineData("425A6839 314159265359", "bzip2", "bzip2")]
    [InlineData("FD377A585A00 0004", "xz", "XZ")]
    [InlineData("28B52FFD 2400", "zstd", "Zstandard")]
    [InlineData("04224D18 6440", "lz4", "LZ4")]
    [InlineData("1F9D90 41", "compress", ".Z")]
    [InlineData("4D534346 00000000 A0000000 00000000", "cab", "Cabinet")]
    [InlineData("C771 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000", "cpio", "cpio")]
    [InlineData("213C617263683E0A 64656269616E2D62696E617279", "deb", "Debian")]
    [InlineData("EDABEEDB 0300", "rpm", "RPM")]
    [InlineData("60EA 2200 0B0A 0100 0000 02", "arj", "ARJ")]
    [InlineData("2400 2D6C68352D 10000000 20000000 0000 0000 2001", "lha", "LHA")]
    [InlineData("0000 0000 0000 00 2A2A4143452A2A", "ace", "ACE")]
    public void DetectsArchiveAndCompressorMagic(string hex, string id, string inDescription)
    {
        var type = Detect(Padded(Hex(hex), 600));

        Assert.Equal(id, type.Id);
        Assert.Contains(inDescription, type.Description, StringComparison.Ordinal);
        Assert.Equal(ContentKind.Archive, type.Kind);
    }

    [Fact]
    public void FindsAnIso9660VolumeDescriptorPastTheHead()
    {
        var image = new byte[0x8800];
        Encoding.ASCII.GetBytes("\u0001CD001\u0001").CopyTo(image, 0x8000);

        Assert.Equal("iso9660", Detect(image).Id);

        // Only the zero-filled head is known: nothing to go on.
        Assert.Equal("data", Detect(image, canOpen: false).Id);
    }

    [Fact]
    public void SurvivesAContentOpenerThatFails()
    {
        var image = new byte[0x8800];

        var type = Vigil.Engine.Analysis.Types.ContentTypeDetector.Detect(
            image.AsSpan(0, 8192), image.Length, () => throw new IOException("spool gone"));

        Assert.Equal("data", type.Id);
    }

    [Fact]
    public void DoesNotTakeAListOfPhoneNumbersForAnAsciiCpioArchive()
    {
        Assert.Equal("text", Detect("0707011234 Anna\n0707015678 Bo\n0707019999 Carl\n" + new string('x', 80) + "\n").Id);
    }

    [Fact]
    public void DetectsAnAsciiCpioHeader()
    {
        Assert.Equal("cpio", Detect("070701" + new string('0', 104) + "hello\0").Id);
    }
}
