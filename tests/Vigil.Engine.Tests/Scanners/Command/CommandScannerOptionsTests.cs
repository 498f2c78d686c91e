using Vigil.Engine.Scanners.Command;

namespace Vigil.Engine.Tests.Scanners.Command;

public sealed class CommandScannerOptionsTests
{
    private static CommandScannerOptions Parse(string line)
    {
        Assert.True(CommandScannerOptions.TryParse(line.Split(' '), out var options, out var error), error);
        Assert.Null(error);
        return options!;
    }

    private static string Fails(string line)
    {
        Assert.False(CommandScannerOptions.TryParse(line.Split(' '), out var options, out var error));
        Assert.Null(options);
        return error!;
    }

    [Fact]
    public void TheQhpsiUvscanLineGivesProgramArgumentsExitCodeAndMaxSize()
    {
        var options = Parse("uvscan /usr/local/bin/uvscan --secure {file} rc=13 maxsize=9000000");
        Assert.Equal("uvscan", options.Name);
        Assert.Equal("/usr/local/bin/uvscan", options.Program);
        Assert.Equal(["--secure", "{file}"], options.Arguments);
        Assert.True(options.UsesFile);
        Assert.Equal([13], options.InfectedExitCodes);
        Assert.Equal([0], options.CleanExitCodes);
        Assert.Equal(9_000_000, options.MaxSize);
        Assert.Equal(0, options.MinSize);
        Assert.Equal(CommandTarget.Raw, options.Target);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
    }

    [Fact]
    public void DefaultsAreClamdscansExitCodesItsOutputFormAndStdin()
    {
        var options = Parse("clam clamdscan --no-summary -");
        Assert.Equal([1], options.InfectedExitCodes);
        Assert.Equal([0], options.CleanExitCodes);
        Assert.False(options.UsesFile);
        Assert.Same(CommandScannerOptions.DefaultVirusName, options.VirusName);
        Assert.Equal("Worm.Klez.H", options.VirusName.Match("/var/qmail/queue/mess/4/89439: Worm.Klez.H FOUND").Groups[1].Value);
    }

    [Fact]
    public void EveryOptionIsReadWhereverItStandsAfterTheProgram()
    {
        var options = Parse("s /opt/s timeout=2.5 rc=1,13 -a cleanrc=0,2 minsize=1k maxsize=25m target=both -b name=found:(?<name>\\S+)");
        Assert.Equal("/opt/s", options.Program);
        Assert.Equal(["-a", "-b"], options.Arguments);
        Assert.Equal([1, 13], options.InfectedExitCodes);
        Assert.Equal([0, 2], options.CleanExitCodes);
        Assert.Equal(1024, options.MinSize);
        Assert.Equal(25L * 1024 * 1024, options.MaxSize);
        Assert.Equal(CommandTarget.Both, options.Target);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Timeout);
        Assert.Equal("X", options.VirusName.Match("found:X").Groups["name"].Value);
    }

    [Fact]
    public void ArgumentsThatOnlyLookLikeOptionsStayArgumentsAndMoreThanThreeAreFine()
    {
        var options = Parse("c clamdscan --config-file=/etc/c.conf --no-summary --stream --fdpass {file}");
        Assert.Equal(["--config-file=/etc/c.conf", "--no-summary", "--stream", "--fdpass", "{file}"], options.Arguments);
    }

    [Theory]
    [InlineData("onlyname", "expected a name and a program")]
    [InlineData("bad/name prog", "bad scanner name")]
    [InlineData("s prog maxsze=10", "unknown option 'maxsze='")]
    [InlineData("s prog rc=1 rc=2", "given twice")]
    [InlineData("s prog rc=x", "rc= wants")]
    [InlineData("s prog rc=256", "rc= wants")]
    [InlineData("s prog rc=0", "cannot mean both")]
    [InlineData("s prog timeout=0", "timeout= wants")]
    [InlineData("s prog timeout=9999", "timeout= wants")]
    [InlineData("s prog target=all", "target= wants")]
    [InlineData("s prog maxsize=big", "maxsize= wants")]
    [InlineData("s prog minsize=10 maxsize=5", "minsize= is above")]
    [InlineData("s prog name=(unclosed", "not a valid regular expression")]
    [InlineData("s prog name=FOUND", @"needs a group around the virus name, e.g. name=:\s(.+)\sFOUND")]
    public void AMalformedLineIsRefusedWithAReason(string line, string reason)
    {
        Assert.Contains(reason, Fails(line), StringComparison.Ordinal);
    }
}
