using Vigil.Mime.Model;
using static Vigil.Engine.Tests.Types.DetectorHarness;

namespace Vigil.Engine.Tests.Types;

public sealed class MediaDetectionTests
{
    [Theory]
    [InlineData("00000100 0100 1010 0000 0100 2000 68040000 16000000", "ico", ContentKind.Image)]
    [InlineData("38425053 0001 000000000000", "psd", ContentKind.Image)]
    [InlineData("4D4D002A 00000008", "tiff", ContentKind.Image)]
    [InlineData("0000000C 6A502020 0D0A870A", "jp2", ContentKind.Image)]
    [InlineData("00000018 66747970 68656963 00000000", "heif", ContentKind.Image)]
    [InlineData("0000001C 66747970 61766966 00000000", "avif", ContentKind.Image)]
    [InlineData("49443303 00000000 0000", "mp3", ContentKind.Audio)]
    [InlineData("664C6143 00000022", "flac", ContentKind.Audio)]
    [InlineData("4D546864 00000006 00010001", "midi", ContentKind.Audio)]
    [InlineData("00000020 66747970 4D344120 00000000", "m4a", ContentKind.Audio)]
    [InlineData("2321414D520A", "amr", ContentKind.Audio)]
    [InlineData("00000020 66747970 69736F6D 00000200", "mp4", ContentKind.Video)]
    [InlineData("00000014 66747970 71742020 00000000", "mov", ContentKind.Video)]
    [InlineData("00000014 66747970 33677035 00000000", "3gp", ContentKind.Video)]
    [InlineData("52494646 24000000 41564920 4C495354", "avi", ContentKind.Video)]
    [InlineData("1A45DFA3 9F 4286 81 01 4282 84 7765626D", "webm", ContentKind.Video)]
    [InlineData("1A45DFA3 A3 4286 81 01 4282 88 6D6174726F736B61", "mkv", ContentKind.Video)]
    [InlineData("000001BA 44000400 0401", "mpeg", ContentKind.Video)]
    [InlineData("000001B3 14000F0F", "mpeg", ContentKind.Video)]
    [InlineData("464C5601 05000000 09", "flv", ContentKind.Video)]
    [InlineData("3026B2758E66CF11A6D900AA0062CE6C", "asf", ContentKind.Video)]
    public void DetectsMediaByMagic(string hex, string id, ContentKind kind)
    {
        var type = Detect(Padded(Hex(hex), 256));

        Assert.Equal(id, type.Id);
        Assert.Equal(kind, type.Kind);
    }

    [Fact]
    public void TellsOggAudioFromOggVideoByTheFirstPacket()
    {
        Assert.Equal("ogg", Detect(OggPage([0x01, .. "vorbis"u8])).Id);
        Assert.Equal("ogv", Detect(OggPage([0x80, .. "theora"u8])).Id);
    }

    private static byte[] OggPage(byte[] packet)
    {
        var page = new byte[27 + 1 + packet.Length];
        "OggS"u8.CopyTo(page);
        page[5] = 2;
        page[26] = 1;
        page[27] = (byte)packet.Length;
        packet.CopyTo(page, 28);
        return page;
    }

    [Fact]
    public void DetectsUntaggedMp3ByTwoConsecutiveFrames()
    {
        // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames.
        var frames = new byte[417 * 3];
        for (var i = 0; i < 3; i++)
        {
            frames[417 * i] = 0xFF;
            frames[(417 * i) + 1] = 0xFB;
            frames[(417 * i) + 2] = 0x90;
            frames[(417 * i) + 3] = 0x64;
        }

        Assert.Equal("mp3", Detect(frames).Id);

        // One frame header alone, followed by noise, is not enough.
        frames[417] = 0x12;
        Assert.Equal("data", Detect(frames).Id);
    }

    [Fact]
    public void DetectsAnMpegTransportStreamBySyncBytes()
    {
        var stream = new byte[188 * 5];
        for (var i = 0; i < 5; i++)
        {
            stream[188 * i] = 0x47;
            stream[(188 * i) + 1] = 0x40;
        }

        Assert.Equal("mpeg-ts", Detect(stream).Id);
    }

    [Fact]
    public void DoesNotTakeTextStartingWithBmForABitmap()
    {
        Assert.Equal("text", Detect("BM is my initials and this is a plain text note.\n").Id);
    }

    [Theory]
    [InlineData("P1\n# tiny\n2 2\n0 1\n1 0\n", "pbm")]
    [InlineData("P3\n1 1\n255\n255 0 0\n", "ppm")]
    [InlineData("P1 2024 plan: ship the gateway.\n", "text")]
    [InlineData("P2 is the second priority, see below.\n", "text")]
    public void TellsTextNetpbmFromTextThatStartsLikeIt(string text, string id)
    {
        Assert.Equal(id, Detect(text).Id);
    }
}
