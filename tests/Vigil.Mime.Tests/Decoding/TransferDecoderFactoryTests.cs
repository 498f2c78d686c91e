using Vigil.Mime.Decoding;

namespace Vigil.Mime.Tests.Decoding;

public sealed class TransferDecoderFactoryTests
{
    [Theory]
    [InlineData("base64", typeof(Base64Decoder))]
    [InlineData(" BASE64 ", typeof(Base64Decoder))]
    [InlineData("\"Base64\"", typeof(Base64Decoder))]
    [InlineData("quoted-printable", typeof(QuotedPrintableDecoder))]
    [InlineData("Quoted-Printable; junk", typeof(QuotedPrintableDecoder))]
    public void CreatesTheDecoderForAKnownEncoding(string value, Type expected)
    {
        Assert.IsType(expected, TransferDecoderFactory.Create(value));
        Assert.True(TransferDecoderFactory.IsKnown(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7bit")]
    [InlineData("8BIT")]
    [InlineData("binary")]
    public void ReturnsNoDecoderForIdentityEncodings(string? value)
    {
        Assert.Null(TransferDecoderFactory.Create(value));
        Assert.True(TransferDecoderFactory.IsKnown(value));
    }

    [Theory]
    [InlineData("x-uuencode")]
    [InlineData("base-64")]
    [InlineData("gzip")]
    public void ReturnsNoDecoderForUnknownEncodingsAndSaysTheyAreUnknown(string value)
    {
        Assert.Null(TransferDecoderFactory.Create(value));
        Assert.False(TransferDecoderFactory.IsKnown(value));
    }
}
