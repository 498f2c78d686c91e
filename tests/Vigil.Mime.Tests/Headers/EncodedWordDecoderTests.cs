using Vigil.Mime.Headers;

namespace Vigil.Mime.Tests.Headers;

public class EncodedWordDecoderTests
{
    [Theory]
    [InlineData("=?UTF-8?B?ZmlsZS56aXA=?=", "file.zip")]
    [InlineData("=?iso-8859-1?Q?caf=E9_au_lait?=", "café au lait")]
    [InlineData("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab")]
    [InlineData("x =?UTF-8?Q?a?= y", "x a y")]
    [InlineData("=?utf-16?B?AGYAaQBsAGUALgB6AGkAcA==?=", "file.zip")]
    [InlineData("=?utf-16?B?ZgBpAGwAZQAuAHoAaQBwAA==?=", "file.zip")]
    [InlineData("no words here", "no words here")]
    public void DecodesEncodedWords(string input, string expected) =>
        Assert.Equal(expected, EncodedWordDecoder.Decode(input));

    [Fact]
    public void JoinsAMultiByteCharacterSplitBetweenTwoWords()
    {
        // "é" in UTF-8 is C3 A9, split over two words.
        Assert.Equal("é", EncodedWordDecoder.Decode("=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?="));
    }

    [Fact]
    public void KeepsAnUnknownCharsetsBytesAndSaysSo()
    {
        var text = EncodedWordDecoder.Decode("=?x-unknown?Q?abc?=", out var issues);
        Assert.Equal("abc", text);
        Assert.True(issues.HasFlag(EncodedWordDecoder.Issues.UnknownCharset));
    }
}
