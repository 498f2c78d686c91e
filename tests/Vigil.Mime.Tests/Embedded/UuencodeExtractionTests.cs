using System.Text;
using Vigil.Mime.Embedded;
using Vigil.Mime.Model;
using Vigil.Testing;
using static Vigil.Mime.Tests.Embedded.EmbeddedTestKit;

namespace Vigil.Mime.Tests.Embedded;

public sealed class UuencodeExtractionTests
{
    private static readonly string Encoders = TestPaths.Corpus("mimekit", "encoders");

    // Shaped like the EICAR test string but not it, so no scanner on the build machine reacts.
    private const string HarmlessPayload = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$VIGIL-HARMLESS-UUENCODE-TEST!$H+H*";

    [Theory]
    [InlineData("photo.uu")]
    [InlineData("photo.uu-states")]
    public void ExtractsThePhotoByteForByte(string file)
    {
        using var context = NewContext();
        var entity = TextEntity(context, File.ReadAllBytes(Path.Combine(Encoders, file)));

        var extractor = new EmbeddedFileExtractor();
        Assert.True(extractor.CanExpand(entity));
        extractor.Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal("1/photo.jpg", child.Path);
        Assert.Equal(EntitySource.Uuencode, child.Source);
        Assert.Equal(new NameCandidate("photo.jpg", "photo.jpg", NameSource.Uuencode), Assert.Single(child.Names));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Encoders, "photo.jpg")), ReadAll(child));
        Assert.Empty(context.Anomalies);
        Assert.Equal(child.Size, context.Budget.DecodedBytes);
    }

    [Fact]
    public void FindsAHarmlessTestFileUuencodedInTheMiddleOfAMessage()
    {
        var body = "Hello,\r\n\r\nthe file you asked for:\r\n\r\n"
            + Uuencode(Encoding.ASCII.GetBytes(HarmlessPayload), "Invoice.PDF.com")
            + "\r\nbest regards\r\n";
        using var context = NewContext();
        var entity = TextEntity(context, body);

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal("1/Invoice.PDF.com", child.Path);
        Assert.Equal("Invoice.PDF.com", child.Names[0].Raw);
        Assert.Equal("Invoice.PDF.com", child.FileName);
        Assert.Equal(HarmlessPayload, Encoding.ASCII.GetString(ReadAll(child)));
        Assert.Empty(context.Anomalies);
    }

    [Fact]
    public void ExtractsEveryFileWhenABodyHoldsSeveral()
    {
        var body = Uuencode([1, 2, 3], "a.bin") + "text between\r\n" + Uuencode([4, 5, 6, 7], "b.bin") + Uuencode([8], "a.bin");
        using var context = NewContext();
        var entity = TextEntity(context, body);

        new EmbeddedFileExtractor().Expand(entity, context);

        Assert.Equal(["1/a.bin", "1/b.bin", "1/#3"], entity.Children.Select(c => c.Path));
        Assert.Equal([4, 5, 6, 7], ReadAll(entity.Children[1]));
        Assert.Equal("a.bin", entity.Children[2].FileName);
    }

    [Fact]
    public void KeepsTheDataAndReportsWhenTheEndLineIsMissing()
    {
        var encoded = Uuencode(Encoding.ASCII.GetBytes(HarmlessPayload), "x.exe");
        var body = encoded[..encoded.IndexOf("`\r\nend", StringComparison.Ordinal)] + "-- \r\nsignature\r\n";
        using var context = NewContext();
        var entity = TextEntity(context, body);

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal(HarmlessPayload, Encoding.ASCII.GetString(ReadAll(child)));
        var anomaly = Assert.Single(context.Anomalies);
        Assert.Equal(AnomalyCodes.UuencodeBroken, anomaly.Code);
        Assert.Equal("1/x.exe", anomaly.PartPath);
    }

    [Fact]
    public void ReadsShortLinesWhoseTrailingSpacesWereStrippedAsZeros()
    {
        // Old encoders wrote spaces for zero; a mail server then trimmed the line ends.
        var data = "ABCDEF\0\0\0\0\0\0"u8.ToArray();
        var lines = Uuencode(data, "zeros.bin").Replace('`', ' ').Split("\r\n").Select(l => l.TrimEnd());
        using var context = NewContext();
        var entity = TextEntity(context, string.Join("\n", lines));

        new EmbeddedFileExtractor().Expand(entity, context);

        Assert.Equal(data, ReadAll(Assert.Single(entity.Children)));
        Assert.Equal(AnomalyCodes.UuencodeBroken, Assert.Single(context.Anomalies).Code);
    }

    [Fact]
    public void ExtractsGnuBeginBase64Blocks()
    {
        var payload = Encoding.ASCII.GetBytes(HarmlessPayload + HarmlessPayload);
        var base64 = Convert.ToBase64String(payload, Base64FormattingOptions.InsertLineBreaks);
        var body = "see below\n\nbegin-base64 755 run.sh\n" + base64 + "\n====\nafter\n";
        using var context = NewContext();
        var entity = TextEntity(context, body);

        new EmbeddedFileExtractor().Expand(entity, context);

        var child = Assert.Single(entity.Children);
        Assert.Equal("run.sh", child.FileName);
        Assert.Equal(payload, ReadAll(child));
        Assert.Empty(context.Anomalies);
    }

    [Theory]
    [InlineData("We begin 100 days of summer with a party.\nSee you there!\n")]
    [InlineData("begin 644 notes.txt\nthis line is lower case prose, not data\n")]
    [InlineData("beginx\nbegin\nbegin 99 x\n")]
    public void IgnoresProseThatMerelyStartsWithBegin(string body)
    {
        using var context = NewContext();
        var entity = TextEntity(context, body);

        new EmbeddedFileExtractor().Expand(entity, context);

        Assert.Empty(entity.Children);
        Assert.Empty(context.Anomalies);
    }
}
