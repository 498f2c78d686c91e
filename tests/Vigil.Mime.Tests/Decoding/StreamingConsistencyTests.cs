using System.Text;
using Vigil.Mime.Decoding;

namespace Vigil.Mime.Tests.Decoding;

/// <summary>
/// Random noisy inputs decoded in random chunk sizes must give what the whole input gives in one
/// call, and for base64 what a plain reference reading (drop every non-alphabet byte) gives.
/// </summary>
public sealed class StreamingConsistencyTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    [Fact]
    public void Base64WithNoiseDecodesTheSameInAnyChunkingAsTheReference()
    {
        var random = new Random(2045);
        for (var round = 0; round < 300; round++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 400);
            for (var i = 0; i < length; i++)
            {
                var roll = random.Next(100);
                text.Append(roll switch
                {
                    < 85 => Alphabet[random.Next(64)],
                    < 93 => "\r\n"[random.Next(2)],
                    < 96 => ' ',
                    _ => "*%\u0000\u00ff-"[random.Next(5)],
                });
            }

            var input = Encoding.Latin1.GetBytes(text.ToString());
            var expected = Reference(input);
            var decoder = new Base64Decoder();
            Assert.Equal(expected, DecoderRunner.Run(decoder, input, random.Next(1, 80)));
            Assert.Equal(expected, DecoderRunner.Run(new Base64Decoder(), input, input.Length + 1));
        }
    }

    [Fact]
    public void QuotedPrintableWithNoiseDecodesTheSameInAnyChunking()
    {
        var random = new Random(2047);
        var pieces = new[] { "=", "=4", "=41", "=e9", "=\r\n", "=\n", "= \t\r\n", "= x", "=G1", "a", "b c", "\r\n", "\t", " " };
        for (var round = 0; round < 500; round++)
        {
            var text = new StringBuilder();
            var count = random.Next(0, 60);
            for (var i = 0; i < count; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var input = Encoding.Latin1.GetBytes(text.ToString());
            var whole = new QuotedPrintableDecoder();
            var expected = DecoderRunner.Run(whole, input, input.Length + 1);
            for (var chunk = 1; chunk <= 5; chunk++)
            {
                var chunked = new QuotedPrintableDecoder();
                Assert.Equal(expected, DecoderRunner.Run(chunked, input, chunk));
                Assert.Equal(whole.Issues, chunked.Issues);
            }
        }
    }

    /// <summary>Base64 the simple way: keep alphabet bytes only, decode quanta, then the partial tail.</summary>
    private static byte[] Reference(byte[] input)
    {
        var values = new List<int>();
        foreach (var b in input)
        {
            var v = Alphabet.IndexOf((char)b, StringComparison.Ordinal);
            if (v >= 0)
            {
                values.Add(v);
            }
        }

        var output = new List<byte>();
        var i = 0;
        for (; i + 4 <= values.Count; i += 4)
        {
            var n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
            output.AddRange([(byte)(n >> 16), (byte)(n >> 8), (byte)n]);
        }

        var rest = values.Count - i;
        if (rest >= 2)
        {
            output.Add((byte)((values[i] << 2) | (values[i + 1] >> 4)));
        }

        if (rest == 3)
        {
            output.Add((byte)((values[i + 1] << 4) | (values[i + 2] >> 2)));
        }

        return output.ToArray();
    }
}
