using System.Text;
using Vigil.Mime.Decoding;
using Vigil.Testing;

namespace Vigil.Mime.Tests.Decoding;

public sealed class QuotedPrintableDecoderTests
{
    private static readonly string Encoders = TestPaths.Corpus("mimekit", "encoders");

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void DecodesTheWikipediaQuoteByteForByteInChunksOfAnySize(int chunkSize)
    {
        var encoded = File.ReadAllBytes(Path.Combine(Encoders, "wikipedia.qp"));
        var expected = File.ReadAllBytes(Path.Combine(Encoders, "wikipedia.txt"));

        var decoder = new QuotedPrintableDecoder();
        var decoded = DecoderRunner.Run(decoder, encoded, chunkSize);

        Assert.Equal(expected, decoded);
        Assert.Equal(DecoderIssues.None, decoder.Issues);
    }

    [Fact]
    public void DecodesASplitAtEveryOffset()
    {
        const string encoded = "caf=C3=A9 =\r\nsoft=\nbreaks=  \t\r\nend=3d=3D \r\nlast";
        const string expected = "caf\u00e9 softbreaksend== \r\nlast";
        var bytes = Encoding.ASCII.GetBytes(encoded);
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var decoder = new QuotedPrintableDecoder();
            var output = new byte[bytes.Length + 32];
            var n = decoder.Decode(bytes.AsSpan(0, cut), output);
            n += decoder.Decode(bytes.AsSpan(cut), output.AsSpan(n));
            n += decoder.Finish(output.AsSpan(n));
            Assert.Equal(expected, Encoding.UTF8.GetString(output, 0, n));
            Assert.Equal(DecoderIssues.None, decoder.Issues);
        }
    }

    [Theory]
    [InlineData("a=ZZb", "a=ZZb", true)]
    [InlineData("a=4Gb", "a=4Gb", true)]
    [InlineData("a==41", "a=A", true)]
    [InlineData("a= x", "a= x", true)]
    [InlineData("100%=", "100%", false)]
    public void KeepsBrokenEscapesLiterallyAndFlagsThem(string encoded, string expected, bool flagged)
    {
        for (var chunk = 1; chunk <= encoded.Length; chunk++)
        {
            var decoder = new QuotedPrintableDecoder();
            var decoded = DecoderRunner.Run(decoder, encoded, chunk);

            Assert.Equal(expected, Encoding.Latin1.GetString(decoded));
        }

        var last = new QuotedPrintableDecoder();
        DecoderRunner.Run(last, encoded);
        Assert.Equal(flagged, last.Issues.HasFlag(DecoderIssues.InvalidCharacters));
    }

    [Theory]
    [InlineData("a=ZZb", "ab")]
    [InlineData("a=4Gb", "ab")]
    [InlineData("a==41", "aA")]
    [InlineData("a= x", "ax")]
    [InlineData("=0=41=\r\n=0=42=\r\n", "AB")]
    [InlineData("=XX=50=\n=XX=4B=\n", "PK")]
    [InlineData("=X\r\nb", "\r\nb")]
    [InlineData("=4\nb", "\nb")]
    [InlineData("x=4", "x")]
    [InlineData("caf=C3=A9 =\r\nok", "caf\u00c3\u00a9 ok")]
    public void TheOtherReadingDropsBrokenEscapesWithTheirHexPlaces(string encoded, string expected)
    {
        for (var chunk = 1; chunk <= encoded.Length; chunk++)
        {
            var decoder = new QuotedPrintableDecoder(dropInvalidEscapes: true);
            var decoded = DecoderRunner.Run(decoder, encoded, chunk);

            Assert.Equal(expected, Encoding.Latin1.GetString(decoded));
        }
    }

    [Fact]
    public void TheOtherReadingFlagsWhatItDrops()
    {
        var decoder = new QuotedPrintableDecoder(dropInvalidEscapes: true);
        DecoderRunner.Run(decoder, "=0=41");
        Assert.True(decoder.Issues.HasFlag(DecoderIssues.InvalidCharacters));
    }

    [Fact]
    public void FlagsAnEscapeCutOffByTheEndOfTheBody()
    {
        var decoder = new QuotedPrintableDecoder();
        var decoded = DecoderRunner.Run(decoder, "abc=4", 1);

        Assert.Equal("abc=4", Encoding.ASCII.GetString(decoded));
        Assert.True(decoder.Issues.HasFlag(DecoderIssues.Truncated));
    }

    [Fact]
    public void KeepsTrailingBlanksBeforeAHardLineBreak()
    {
        var decoder = new QuotedPrintableDecoder();
        var decoded = DecoderRunner.Run(decoder, "line  \r\nnext\t\n");

        Assert.Equal("line  \r\nnext\t\n", Encoding.ASCII.GetString(decoded));
    }
}
