using System.Text;
using Vigil.Mime.Decoding;
using Vigil.Testing;

namespace Vigil.Mime.Tests.Decoding;

public sealed class Base64DecoderTests
{
    private static readonly string Encoders = TestPaths.Corpus("mimekit", "encoders");

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void DecodesThePhotoByteForByteInChunksOfAnySize(int chunkSize)
    {
        var encoded = File.ReadAllBytes(Path.Combine(Encoders, "photo.b64"));
        var expected = File.ReadAllBytes(Path.Combine(Encoders, "photo.jpg"));

        var decoder = new Base64Decoder();
        var decoded = DecoderRunner.Run(decoder, encoded, chunkSize);

        Assert.Equal(expected, decoded);
        Assert.Equal(DecoderIssues.None, decoder.Issues);
    }

    [Fact]
    public void DecodesASplitAtEveryOffsetOfAShortInput()
    {
        var plain = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog!!");
        var encoded = Encoding.ASCII.GetBytes(Convert.ToBase64String(plain, Base64FormattingOptions.InsertLineBreaks).Insert(20, "\r\n"));
        for (var cut = 0; cut <= encoded.Length; cut++)
        {
            var decoder = new Base64Decoder();
            var output = new byte[TransferDecoding.MaxOutputLength(encoded.Length) * 2];
            var n = decoder.Decode(encoded.AsSpan(0, cut), output);
            n += decoder.Decode(encoded.AsSpan(cut), output.AsSpan(n));
            n += decoder.Finish(output.AsSpan(n));
            Assert.Equal(plain, output[..n]);
            Assert.Equal(DecoderIssues.None, decoder.Issues);
        }
    }

    [Fact]
    public void SkipsJunkAndFlagsItButKeepsTheData()
    {
        var decoder = new Base64Decoder();
        var decoded = DecoderRunner.Run(decoder, "SGVs*bG8s!IHdv\u00e9cmxk\r\n");

        Assert.Equal("Hello, world", Encoding.ASCII.GetString(decoded));
        Assert.Equal(DecoderIssues.InvalidCharacters, decoder.Issues);
    }

    [Fact]
    public void SkipsJunkInsideALongCleanRun()
    {
        var plain = new byte[3000];
        new Random(7).NextBytes(plain);
        var text = Convert.ToBase64String(plain);
        var dirty = text[..1001] + "%%" + text[1001..2003] + "\u0000" + text[2003..];

        var decoder = new Base64Decoder();
        var decoded = DecoderRunner.Run(decoder, dirty);

        Assert.Equal(plain, decoded);
        Assert.Equal(DecoderIssues.InvalidCharacters, decoder.Issues);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public void KeepsDecodingAfterPaddingAndFlagsIt(int chunkSize)
    {
        var first = Convert.ToBase64String(Encoding.ASCII.GetBytes("harmless"));
        var second = Convert.ToBase64String(Encoding.ASCII.GetBytes("MZ hidden payload that follows the padding"));
        Assert.EndsWith("=", first);

        var decoder = new Base64Decoder();
        var decoded = DecoderRunner.Run(decoder, Encoding.ASCII.GetBytes(first + "\r\n" + second + "\r\n"), chunkSize);

        Assert.Equal("harmlessMZ hidden payload that follows the padding", Encoding.ASCII.GetString(decoded));
        Assert.Equal(DecoderIssues.DataAfterPadding, decoder.Issues & DecoderIssues.DataAfterPadding);
    }

    [Fact]
    public void TreatsBlanksAfterPaddingAsTheNormalEnd()
    {
        var decoder = new Base64Decoder();
        var decoded = DecoderRunner.Run(decoder, "SGk=\r\n\r\n  \r\n");

        Assert.Equal("Hi", Encoding.ASCII.GetString(decoded));
        Assert.Equal(DecoderIssues.None, decoder.Issues);
    }

    [Theory]
    [InlineData("SGVsbG8", "Hello")]
    [InlineData("SGVsbA", "Hell")]
    [InlineData("SGVsbG8sI", "Hello,")]
    public void EmitsTheWholeBytesOfATruncatedQuantumAndFlagsIt(string encoded, string expected)
    {
        var decoder = new Base64Decoder();
        var decoded = DecoderRunner.Run(decoder, encoded, 1);

        Assert.Equal(expected, Encoding.ASCII.GetString(decoded));
        Assert.True(decoder.Issues.HasFlag(DecoderIssues.Truncated));
    }

    [Fact]
    public void DecodesCleanMimeLinesAboutAsFastAsTheFrameworkDecoder()
    {
        // Absolute speed depends on the machine and its load (measured well above 1 GB/s of
        // input on one idle core); against the framework's own whitespace-skipping decoder,
        // run interleaved on the same data, the ratio is stable.
        var plain = new byte[8 * 1024 * 1024];
        new Random(1).NextBytes(plain);
        var text = Convert.ToBase64String(plain, Base64FormattingOptions.InsertLineBreaks);
        var encoded = Encoding.ASCII.GetBytes(text);
        var output = new byte[TransferDecoding.MaxOutputLength(64 * 1024)];

        var ours = double.MaxValue;
        var framework = double.MaxValue;
        for (var round = 0; round < 7; round++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var decoder = new Base64Decoder();
            for (var offset = 0; offset < encoded.Length; offset += 64 * 1024)
            {
                decoder.Decode(encoded.AsSpan(offset, Math.Min(64 * 1024, encoded.Length - offset)), output);
            }

            decoder.Finish(output);
            ours = Math.Min(ours, watch.Elapsed.TotalSeconds);

            watch.Restart();
            _ = Convert.FromBase64String(text);
            framework = Math.Min(framework, watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"base64: {encoded.Length / ours / 1e9:0.00} GB/s of input; framework {encoded.Length / framework / 1e9:0.00} GB/s");
        Assert.True(ours < framework * 2, $"ours {ours * 1000:0.0} ms, framework {framework * 1000:0.0} ms");
    }
}
