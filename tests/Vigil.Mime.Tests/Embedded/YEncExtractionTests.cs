using System.Text;
using Vigil.Mime.Embedded;
using Vigil.Mime.Model;
using Vigil.Testing;
using static Vigil.Mime.Tests.Embedded.EmbeddedTestKit;

namespace Vigil.Mime.Tests.Embedded;

public sealed class YEncExtractionTests
{
    private static readonly string YEnc = TestPaths.Corpus("mimekit", "yenc");

    [Theory]
    [InlineData("simple.msg")]
    [InlineData("state-changes.ntx")]
    public void ExtractsTheSingleFileTestWithMatchingSizeAndCrc(string file)
    {
        using var context = NewContext();
        var entity = TextEntity(context, File.ReadAllBytes(Path.Combine(YEnc, file)), declaredType: null);

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal(EntitySource.YEnc, child.Source);
        Assert.Equal(new NameCandidate("testfile.txt", "testfile.txt", NameSource.YEnc), Assert.Single(child.Names));
        var bytes = ReadAll(child);
        Assert.Equal(584, bytes.Length);
        Assert.Equal(0xded29f4fu, Crc32(bytes));
        Assert.Empty(context.Anomalies);
    }

    [Fact]
    public void TwoPartsFromTwoMessagesJoinIntoTheReferenceImage()
    {
        var joined = new List<byte>();
        foreach (var file in new[] { "00000020.ntx", "00000021.ntx" })
        {
            using var context = NewContext();
            var entity = TextEntity(context, File.ReadAllBytes(Path.Combine(YEnc, file)));

            new EmbeddedFileExtractor().Expand(entity, context);

            var child = Assert.Single(entity.Children);
            Assert.Equal("joystick.jpg", child.FileName);
            joined.AddRange(ReadAll(child));
            Assert.Empty(context.Anomalies);
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(YEnc, "joystick.jpg")), joined.ToArray());
    }

    [Fact]
    public void ReportsACrcMismatchAndKeepsTheBytes()
    {
        var original = File.ReadAllBytes(Path.Combine(YEnc, "simple.msg"));
        var text = Encoding.Latin1.GetString(original).Replace("crc32=ded29f4f", "crc32=00000001");
        using var context = NewContext();
        var entity = TextEntity(context, text);

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal(584, child.Size);
        var anomaly = Assert.Single(context.Anomalies);
        Assert.Equal(AnomalyCodes.YEncBroken, anomaly.Code);
        Assert.Equal("1/testfile.txt", anomaly.PartPath);
        Assert.Contains("crc32", anomaly.Detail);
    }

    [Fact]
    public void DecodesEscapesAndReportsAMissingEndLine()
    {
        // 0x00, '\n' and '=' must be escaped; 0xD6 + 42 wraps to 0x00.
        var data = new byte[] { 0xD6, 0xE0, 0x13, (byte)'A' - 42 };
        var body = "=ybegin line=128 size=4 name=evil.exe\r\n" + Encoding.Latin1.GetString([(byte)'=', 0x40, (byte)'=', 0x4A, (byte)'=', 0x7D]) + "A\r\n";
        using var context = NewContext();
        var entity = TextEntity(context, body);

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal("evil.exe", child.FileName);
        Assert.Equal(data, ReadAll(child));
        Assert.Equal(AnomalyCodes.YEncBroken, Assert.Single(context.Anomalies).Code);
    }
}
