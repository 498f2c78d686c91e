using Vigil.Engine.Analysis.Types;
using Vigil.Testing;
using static Vigil.Engine.Tests.Types.DetectorHarness;

namespace Vigil.Engine.Tests.Types;

public sealed class DetectorRobustnessTests
{
    private static readonly ReadOnlyMemory<byte>[] Seeds = BuildSeeds();

    [Fact]
    public void NeverThrowsOnRandomBytesOfAnyLengthUpToNineThousand()
    {
        var random = new Random(20240611);
        for (var round = 0; round < 4000; round++)
        {
            var bytes = new byte[random.Next(0, 9001)];
            random.NextBytes(bytes);
            var type = Detect(bytes, canOpen: round % 2 == 0);
            Assert.False(string.IsNullOrEmpty(type.Id));
        }
    }

    [Fact]
    public void NeverThrowsOnRandomBytesBehindEveryKnownMagic()
    {
        // Random tails behind real signatures reach the deeper parsers (zip directory, OLE2 chains, PE headers).
        var random = new Random(99);
        for (var round = 0; round < 3000; round++)
        {
            var seed = Seeds[round % Seeds.Length].Span;
            var bytes = new byte[random.Next(0, 9001)];
            random.NextBytes(bytes);
            seed[..Math.Min(seed.Length, bytes.Length)].CopyTo(bytes);
            Detect(bytes, canOpen: round % 3 != 0);
        }
    }

    [Fact]
    public void NeverThrowsOnEveryTruncationOfEveryCorpusSample()
    {
        var files = Directory.GetFiles(TestPaths.Corpus("cpython-email"), "python.*")
            .Concat(Directory.GetFiles(TestPaths.Corpus("cpython-email"), "sndhdr.*"));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            for (var length = 0; length <= bytes.Length; length += Math.Max(1, bytes.Length / 400))
            {
                var cut = bytes[..length];
                Detect(cut);
                Detect(cut, canOpen: false);

                // The spool may report a longer length than the head it holds.
                ContentTypeDetector.Detect(cut, bytes.Length);
            }
        }
    }

    [Fact]
    public void NeverThrowsOnEveryTruncationOfSyntheticContainers()
    {
        foreach (var seed in Seeds)
        {
            var bytes = seed.ToArray();
            for (var length = 0; length <= bytes.Length; length++)
            {
                Detect(bytes[..length]);
                Detect(bytes[..length], canOpen: false);
            }
        }
    }

    [Fact]
    public void NeverThrowsOnCorruptedZipDirectoriesAndOle2Chains()
    {
        var random = new Random(5);
        foreach (var seed in Seeds)
        {
            for (var round = 0; round < 300; round++)
            {
                var bytes = seed.ToArray();
                for (var flips = 0; flips < 1 + random.Next(8); flips++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                Detect(bytes);
            }
        }
    }

    [Fact]
    public void KnowsEveryTypeOnceByIdAndDescription()
    {
        var seen = new HashSet<(string, string)>();
        foreach (var type in ContentTypeDetector.KnownTypes)
        {
            Assert.True(seen.Add((type.Id, type.Description)), type.Id);
            Assert.Matches("^[a-z0-9][a-z0-9-]*$", type.Id);
            Assert.Contains('/', type.MimeType);
        }
    }

    private static ReadOnlyMemory<byte>[] BuildSeeds()
    {
        var docm = ArchiveDetectionTests.Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<x/>"), ("word/vbaProject.bin", "x"));
        var doc = CompoundFileBuilder.Build(null, 2, new CompoundNode("WordDocument"), new CompoundNode("Macros", true, new CompoundNode("VBA", true)));
        var tar = new byte[1024];
        "ustar\0"u8.CopyTo(tar.AsSpan(257));
        var iso = new byte[0x8100];
        "CD001"u8.CopyTo(iso.AsSpan(0x8001));
        var pe = Padded("MZ"u8, 512);
        pe[0x3C] = 0x80;
        "PE\0\0"u8.CopyTo(pe.AsSpan(0x80));
        return
        [
            docm, doc, pe, tar, iso,
            Hex("504B0506 0000000000000000000000000000000000"),
            Hex("7F454C46 0201"), Hex("CAFEBABE 00000002"), Hex("4C000000 01140200"),
            Hex("526172211A0700"), Hex("1F8B0800"), Padded("ustar"u8, 8), Hex("FFFB9064"), Hex("4F676753 0002"),
            Hex("52494646 00000000 57415645"), Hex("00000018 66747970 69736F6D"), Hex("1A45DFA3"), Hex("00000100 0100"),
            "%PDF-1.4"u8.ToArray(), "{\\rtf1"u8.ToArray(), "#!/bin/sh\n"u8.ToArray(), "<html><body>"u8.ToArray(), Hex("FFFE 3C00"),
        ];
    }
}
