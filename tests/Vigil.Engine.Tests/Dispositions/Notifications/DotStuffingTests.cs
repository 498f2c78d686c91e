using System.Text;
using Vigil.Engine.Dispositions.Notifications;

namespace Vigil.Engine.Tests.Dispositions.Notifications;

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
            await DotStuffing.CopyAsync(prefix, new TricklingStream(message, random.Next(1, 7)), output, CancellationToken.None);

            Assert.Equal(DotStuffing.Encode([.. prefix, .. message]), output.ToArray());
        }
    }

    /// <summary>Hands out at most a few bytes per read, so a CR and its LF fall into different reads.</summary>
    private sealed class TricklingStream(byte[] data, int step) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(step, buffer.Length)], cancellationToken);
    }
}
