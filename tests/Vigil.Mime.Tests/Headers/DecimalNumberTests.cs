using System.Globalization;
using Vigil.Mime.Headers;

namespace Vigil.Mime.Tests.Headers;

public sealed class DecimalNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("4096")]
    [InlineData("007")]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1k")]
    [InlineData("\u0661")] // ARABIC-INDIC DIGIT ONE: not an ASCII digit
    [InlineData("2147483647")]
    [InlineData("2147483648")]
    public void ReadsExactlyWhatLongAndIntTryParseWithNoStylesRead(string text)
    {
        var expected = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var want);
        Assert.Equal(expected, DecimalNumber.TryParse(text, out var got));
        Assert.Equal(want, got);

        var expectedInt = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var wantInt);
        Assert.Equal(expectedInt, DecimalNumber.TryParseInt(text, out var gotInt));
        Assert.Equal(wantInt, gotInt);
    }
}
