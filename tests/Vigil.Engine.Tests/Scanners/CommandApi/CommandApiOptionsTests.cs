using Vigil.Engine.Scanners.CommandApi;
using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Scanners.CommandApi;

public sealed class CommandApiOptionsTests
{
    [Fact]
    public void AMapGivesEachExitCodeItsCategoryAndZeroStaysClean()
    {
        Assert.True(CommandApiOptions.TryParse("dlp /usr/local/bin/dlp --strict map=1:spam,2:policy,3:virus timeout=5".Split(' '), out var options, out var error), error);
        Assert.Equal("dlp", options!.Name);
        Assert.Equal("/usr/local/bin/dlp", options.Program);
        Assert.Equal(["--strict"], options.Arguments);
        Assert.Equal(FindingCategory.Spam, options.ExitCodeMap[1]);
        Assert.Equal(FindingCategory.Policy, options.ExitCodeMap[2]);
        Assert.Equal(FindingCategory.Virus, options.ExitCodeMap[3]);
        Assert.Equal([0], options.CleanExitCodes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
    }

    [Fact]
    public void BogofiltersExitCodesCanBeMappedWithZeroAsSpam()
    {
        // bogofilter: 0 spam, 1 ham, 2 unsure, 3 error.
        Assert.True(CommandApiOptions.TryParse("bogo bogofilter map=0:spam,1:clean,2:clean".Split(' '), out var options, out var error), error);
        Assert.Equal(FindingCategory.Spam, options!.ExitCodeMap[0]);
        Assert.Equal([1, 2], options.CleanExitCodes.Order());
        Assert.False(options.ExitCodeMap.ContainsKey(3));
    }

    [Theory]
    [InlineData("x prog map=1", "CODE:WORD")]
    [InlineData("x prog map=1:ham", "does not know 'ham'")]
    [InlineData("x prog map=1:spam,1:virus", "twice")]
    [InlineData("x prog map=300:spam", "CODE:WORD")]
    [InlineData("x prog timeout=-1", "timeout= wants")]
    [InlineData("x prog mapp=1:spam", "unknown option 'mapp='")]
    [InlineData("x", "expected a name and a program")]
    public void AMalformedLineIsRefusedWithAReason(string line, string reason)
    {
        Assert.False(CommandApiOptions.TryParse(line.Split(' '), out var options, out var error));
        Assert.Null(options);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
