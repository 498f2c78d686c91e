using Vigil.Engine.Sanitizing;

namespace Vigil.Engine.Tests.Sanitizing;

public sealed class PrintableAsciiTests
{
    [Theory]
    [InlineData("Eicar-Test-Signature", "Eicar-Test-Signature")]
    [InlineData("a\r\nBcc: x@example.org", "a??Bcc: x@example.org")]
    [InlineData("tab\there\u007f", "tab?here?")]
    [InlineData("Grüße", "Gr??e")]
    public void EveryCharacterOutsidePrintableAsciiBecomesAQuestionMark(string text, string expected)
    {
        Assert.Equal(expected, PrintableAscii.Of(text));
    }

    [Fact]
    public void TheTextIsCutToTheGivenLength()
    {
        Assert.Equal("abc", PrintableAscii.Of("abcdef", 3));
        Assert.Equal("ab", PrintableAscii.Of("ab", 3));
    }
}
