using System.Text;
using Vigil.Engine.Smtp;

namespace Vigil.Engine.Tests.Smtp;

/// <summary>
/// DATA content as Vigil sends it (notifications and the gateway's relay): CRLF for every line
/// end, a bare CR and a bare LF included, a leading dot doubled also after a bare CR, the final
/// dot; the streaming form gives the same bytes however the message is cut into reads.
/// </summary>
public class DotStuffingTests
{
    [Theory]
    [InlineData("a\nb", "a\r\nb\r\n.\r\n")]
    [InlineData("a\r\nb\r\n", "a\r\nb\r\n.\r\n")]
    [InlineData(".x\n..y\n", "..x\r\n...y\r\n.\r\n")]
    [InlineData("a\r.\r\nb", "a\r\n..\r\nb\r\n.\r\n")]
    [InlineData("a\r\r\n.", "a\r\n\r\n..\r\n.\r\n")]
    [InlineData("tail\r", "tail\r\n.\r\n")]
    [InlineData("", ".\r\n")]
    public void EveryLineEndIsCrlfAndALeadingDotIsDoubled(string message, string expected)
    {
        Assert.Equal(expected, Encoding.ASCII.GetString(DotStuffing.Encode(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public async Task TheStreamingFormGivesTheSameBytesWhateverTheReadsAre()
    {
        var random = new Random(7);
        var alphabet = "ab.\r\n"u8.ToArray();
        for (var round = 0; round < 200; round++)
        {
            var message = new byte[random.Next(0, 300)];
            for (var i = 0; i < message.Length; i++)
            {
                message[i] = alphabet[random.Next(alphabet.Length)];
            }

            var prefix = "X-Added: 1\r\n"u8.ToArray();
            using var output = new MemoryStream();
            await DotStuffing.CopyAsync(prefix, new TrickleStream(message, random.Next(1, 7)), output, CancellationToken.None);

            Assert.Equal(DotStuffing.Encode([.. prefix, .. message]), output.ToArray());
        }
    }

    [Fact]
    public void LongLinesAndEveryKindOfLineEndEncodeAsTheByteByByteRuleSays()
    {
        // Lines of every length up to past a whole piece (the encoder copies a line's run in one
        // go), checked against the rule written out byte by byte here.
        var random = new Random(11);
        var alphabet = "abcdefgh.\r\n"u8.ToArray();
        for (var round = 0; round < 300; round++)
        {
            var message = new byte[random.Next(0, 200_000)];
            for (var i = 0; i < message.Length; i++)
            {
                // Mostly letters, so some lines run for thousands of bytes.
                message[i] = random.Next(1000) < 3 ? alphabet[8 + random.Next(3)] : alphabet[random.Next(8)];
            }

            Assert.Equal(ByTheRule(message), DotStuffing.Encode(message));
        }
    }

    /// <summary>RFC 5321 4.5.2 with Vigil's line ends, one byte at a time: CR, LF and CRLF end a line as CRLF; a dot starting a line is doubled; the end is CRLF.CRLF.</summary>
    private static byte[] ByTheRule(byte[] message)
    {
        var output = new List<byte>(message.Length * 2);
        var lineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            var b = message[i];
            if (b is (byte)'\r' or (byte)'\n')
            {
                if (b == '\r' && i + 1 < message.Length && message[i + 1] == '\n')
                {
                    i++;
                }

                output.AddRange("\r\n"u8.ToArray());
                lineStart = true;
                continue;
            }

            if (lineStart && b == '.')
            {
                output.Add((byte)'.');
            }

            output.Add(b);
            lineStart = false;
        }

        if (!lineStart)
        {
            output.AddRange("\r\n"u8.ToArray());
        }

        output.AddRange(".\r\n"u8.ToArray());
        return [.. output];
    }
}
