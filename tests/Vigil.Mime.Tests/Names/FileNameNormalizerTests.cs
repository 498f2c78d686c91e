using Vigil.Mime.Names;

namespace Vigil.Mime.Tests.Names;

public class FileNameNormalizerTests
{
    [Theory]
    [InlineData("Invoice.PDF", "Invoice.PDF")]
    [InlineData("evil.exe. . .", "evil.exe")]
    [InlineData("..\\..\\windows\\evil.exe", "evil.exe")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData("photo\u202Egpj.exe", "photogpj.exe")]
    [InlineData("file\".zip", "file.zip")]
    [InlineData("file.zip\0.txt", "file.zip")]
    [InlineData("  spaced.doc  ", "spaced.doc")]
    public void NormalisesAsWindowsWouldSaveIt(string input, string expected) =>
        Assert.Equal(expected, FileNameNormalizer.Normalize(input));

    [Fact]
    public void ExtensionsCompareWithoutCase() => Assert.Equal("exe", FileNameNormalizer.Extension("SETUP.EXE"));

    [Fact]
    public void ShowsDirectionOverridesToTheAdmin() =>
        Assert.Equal("photo[U+202E]gpj.exe", FileNameNormalizer.ShowDirectionControls("photo\u202Egpj.exe"));
}
