using System.Globalization;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Tests.Policy;

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
    public void ReadsExactlyWhatLongTryParseWithNoStylesReads(string text)
    {
        var expected = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var want);

        Assert.Equal(expected, DecimalNumber.TryParse(text, out var got));
        Assert.Equal(want, got);
    }
}
