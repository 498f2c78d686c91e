using System.Diagnostics;
using Vigil.Mime.Model;
using Vigil.Testing;

namespace Vigil.Mime.Tests.Tnef;

/// <summary>
/// The TNEF test files of the tnef project (via MimeKit): each `.list` names attachments and
/// bodies a reader must find; the folder of the same name holds the files the tnef tool extracted.
/// </summary>
public sealed class TnefCorpusTests
{
    private static readonly byte[] IidIStorage =
        [0x0B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    private static readonly byte[] Signature = [0x78, 0x9F, 0x3E, 0x22];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPaths.Corpus("mimekit", "tnef"), "*.tnef"))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void FindsEveryListedNameAndNothingUnexpected(string name)
    {
        using var host = new TnefTestHost(File.ReadAllBytes(Tnef(name)));
        var found = new List<string>();
        foreach (var child in host.Entity.Children)
        {
            found.Add(TnefTestHost.ListedName(child));
        }

        var listed = File.ReadAllLines(Tnef(name, ".list")).Where(l => l.Length > 0).ToList();
        var remaining = new List<string>(found);
        foreach (var expected in listed)
        {
            Assert.True(remaining.Remove(expected), $"{name}: '{expected}' not extracted; found [{string.Join(", ", found)}]");
        }

        // The lists leave out some attachments; those must then be files the tnef tool extracted.
        var folder = Tnef(name, "");
        foreach (var extra in remaining)
        {
            var known = Directory.Exists(folder) &&
                Directory.GetFiles(folder).Any(f => Matches(extra, Path.GetFileName(f)));
            Assert.True(known, $"{name}: unexpected '{extra}'");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ExtractsTheSameBytesAsTheTnefTool(string name)
    {
        var folder = Tnef(name, "");
        if (!Directory.Exists(folder))
        {
            return;
        }

        using var host = new TnefTestHost(File.ReadAllBytes(Tnef(name)));
        foreach (var file in Directory.GetFiles(folder))
        {
            var fileName = Path.GetFileName(file);
            var expected = File.ReadAllBytes(file);
            var candidates = host.Entity.Children.Where(c => Matches(c, fileName)).ToList();
            Assert.True(candidates.Count > 0, $"{name}: nothing extracted for {fileName}");

            if (expected.AsSpan().StartsWith(Signature))
            {
                // The tool saves an attached message as raw TNEF; we read it into a container.
                Assert.Contains(candidates, c => c.IsContainer && c.Children.Count > 0);
                continue;
            }

            if (expected.AsSpan().StartsWith(IidIStorage))
            {
                // The tool keeps the interface id in front of an OLE storage; we keep the storage.
                expected = expected[IidIStorage.Length..];
            }

            Assert.Contains(candidates, c => c.Content is not null && SameText(expected, TnefTestHost.ContentOf(c)));
        }
    }

    [Theory]
    [InlineData("panic")]
    [InlineData("garbage-at-end")]
    public void BrokenFilesGiveAnAnomalyAndKeepWhatCameBefore(string name)
    {
        using var host = new TnefTestHost(File.ReadAllBytes(Tnef(name)));

        Assert.True(host.IsBroken);
        Assert.All(host.Context.Anomalies, a => Assert.Equal("2", a.PartPath));
    }

    [Fact]
    public void PanicStillYieldsItsImagesAndBody()
    {
        using var host = new TnefTestHost(File.ReadAllBytes(Tnef("panic")));

        var names = host.Entity.Children.Select(TnefTestHost.ListedName).ToList();
        Assert.Equal(["image001.jpg", "image002.jpg", "image003.png", "body.html"], names);
    }

    [Theory]
    [InlineData("one-file")]
    [InlineData("two-files")]
    [InlineData("winmail")]
    [InlineData("MAPI_ATTACH_DATA_OBJ")]
    [InlineData("christmas")]
    public void SoundFilesGiveNoAnomaly(string name)
    {
        using var host = new TnefTestHost(File.ReadAllBytes(Tnef(name)));

        Assert.Empty(host.Context.Anomalies);
        Assert.Empty(host.Context.Budget.Hits);
    }

    [Fact]
    public void AttachedMessagesBecomeContainersWithTheirOwnAttachments()
    {
        using var host = new TnefTestHost(File.ReadAllBytes(Tnef("christmas")));

        var embedded = host.Entity.Children.Where(c => c.IsContainer).ToList();
        Assert.Equal(2, embedded.Count);
        Assert.Contains(embedded, e => e.Names.Any(n => n.Raw == "Christmas Celebration!" && n.Source == NameSource.TnefDisplayName));
        var kitten = host.Entity.DescendantsAndSelf().Where(e => e.FileName == "kitten-playing-with-a-christmas-tree.jpg").ToList();
        Assert.Equal(2, kitten.Count);
        Assert.Contains(kitten, k => k.Parent!.IsContainer && k.Path.StartsWith("2/Untitled Attachment/", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryNameAClientMayShowIsKept()
    {
        using var host = new TnefTestHost(File.ReadAllBytes(Tnef("MAPI_ATTACH_DATA_OBJ")));

        var doc = host.Entity.Children[0];
        Assert.Equal("2/VIA_Nytt_1402.doc", doc.Path);
        Assert.Equal(
            [("VIA_Nytt_1402.doc", NameSource.TnefLongFilename), ("VI205A~1.DOC", NameSource.TnefTitle), ("VIA Nytt 1402.doc", NameSource.TnefDisplayName)],
            doc.Names.Select(n => (n.Raw, n.Source)).ToList());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TruncatingAnywhereNeverThrowsAndStaysWithinTheFile(string name)
    {
        var bytes = File.ReadAllBytes(Tnef(name));
        var offsets = new SortedSet<int>();
        for (var i = 0; i < Math.Min(bytes.Length, 64); i++)
        {
            offsets.Add(i);
        }

        for (var i = 0; i < 150; i++)
        {
            offsets.Add((int)((long)bytes.Length * i / 150));
        }

        // A cut between two attributes leaves a shorter but sound stream.
        var boundaries = AttributeBoundaries(bytes);
        foreach (var cut in offsets)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            using (var host = new TnefTestHost(bytes[..cut]))
            {
                long extracted = 0;
                foreach (var e in host.Entity.DescendantsAndSelf())
                {
                    extracted += e == host.Entity ? 0 : e.Size;
                }

                // Only decompressed RTF may grow past its stored size, and not by this much.
                Assert.True(extracted <= 4L * cut + 64 * 1024, $"{name} cut at {cut}: {extracted} bytes extracted");
                if (cut < bytes.Length && !boundaries.Contains(cut))
                {
                    Assert.True(host.IsBroken, $"{name} cut at {cut}: no anomaly");
                }
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 2L * cut + (2 << 20), $"{name} cut at {cut}: allocated {allocated} bytes");
        }
    }

    private static HashSet<int> AttributeBoundaries(byte[] bytes)
    {
        var boundaries = new HashSet<int>();
        for (long pos = 6; pos + 9 <= bytes.Length && bytes[pos] is 1 or 2;)
        {
            boundaries.Add((int)pos);
            pos += 9 + BitConverter.ToUInt32(bytes, (int)pos + 5) + 2L;
        }

        return boundaries;
    }

    private static bool Matches(Entity child, string fileName) => Matches(TnefTestHost.ListedName(child), fileName);

    private static bool Matches(string listed, string fileName)
    {
        if (fileName == listed)
        {
            return true;
        }

        // The tool numbers repeated names ("Untitled Attachment.2") and names bodies "message.*".
        return fileName.StartsWith(listed + ".", StringComparison.Ordinal) ||
            (fileName.StartsWith("message.", StringComparison.Ordinal) && listed == "body" + fileName["message".Length..]);
    }

    /// <summary>Byte equality; the corpus keeps text files with LF line ends, so CRs we kept are ignored then.</summary>
    private static bool SameText(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return true;
        }

        return !expected.Contains((byte)'\r') && expected.AsSpan().SequenceEqual(actual.Where(b => b != '\r').ToArray());
    }

    private static string Tnef(string name, string extension = ".tnef") =>
        TestPaths.Corpus("mimekit", "tnef", name + extension);
}
