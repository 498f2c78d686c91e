using System.Text;
using Vigil.Mime.Headers;

namespace Vigil.Mime.Tests.Headers;

public sealed class Latin1TextTests
{
    [Fact]
    public void WideningIsLatin1ForEveryByte()
    {
        var all = new byte[256];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = (byte)i;
        }

        Assert.Equal(Encoding.Latin1.GetString(all), Latin1Text.Widen(all));
        Assert.Equal(Encoding.Latin1.GetString(new byte[4000]), Latin1Text.Widen(new byte[4000]));
    }

    [Theory]
    [InlineData("Subject: plain", true)]
    [InlineData("", true)]
    [InlineData("caf\u00e9", false)]
    public void AsciiIsBytesBelow128(string text, bool ascii)
    {
        Assert.Equal(ascii, Latin1Text.IsAscii(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void ALineIsItsUtf8BytesAndALineFeedAsciiOrNot()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("2026-11-22\tqueue\tclean\n"), Latin1Text.Utf8Line("2026-11-22\tqueue\tclean"));
        Assert.Equal(Encoding.UTF8.GetBytes("r\u00e9sum\u00e9\n"), Latin1Text.Utf8Line("r\u00e9sum\u00e9"));
    }

    [Fact]
    public void HeaderDecodingGivesTheSameTextThroughTheAsciiShortcut()
    {
        byte[] ascii = "Re: quarterly figures"u8.ToArray();
        byte[] utf8 = Encoding.UTF8.GetBytes("Gr\u00fc\u00dfe");
        byte[] latin1 = [0x47, 0x72, 0xFC, 0xDF, 0x65];

        Assert.Equal("Re: quarterly figures", Charsets.DecodeUtf8OrLatin1(ascii));
        Assert.Equal("Gr\u00fc\u00dfe", Charsets.DecodeUtf8OrLatin1(utf8));
        Assert.Equal("Gr\u00fc\u00dfe", Charsets.DecodeUtf8OrLatin1(latin1));
    }
}
