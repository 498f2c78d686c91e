using Vigil.Engine.Verdicts;

namespace Vigil.Engine.Tests.Policy;

public sealed class RegexTimeoutTests
{
    private static readonly string LongName = new string('a', 40_000) + "b";

    [Fact]
    public void CatastrophicPatternEndsInAnErrorFindingNotAHang()
    {
        using var dir = new TempControlDirectory()
            .Write("badfilenames", "(a+)+$\n")
            .Write("options", "regextimeout=1\n");
        using var message = new TestMessage();
        message.Attach(LongName);
        message.Attach(LongName);

        var findings = PolicyTestHelpers.Evaluate(dir, message);

        var error = Assert.Single(findings);
        Assert.Equal(FindingCategory.Error, error.Category);
        Assert.Equal("badfilenames:(a+)+$", error.Rule);
        Assert.Contains("timed out after 1 ms", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NonBacktrackingEngineRunsTheSamePatternWithoutTimingOut()
    {
        using var dir = new TempControlDirectory()
            .Write("badfilenames", "(a+)+$\n")
            .Write("options", "regextimeout=1000\nregexengine=nonbacktracking\n");
        using var message = new TestMessage();
        message.Attach(LongName);

        Assert.Empty(PolicyTestHelpers.Evaluate(dir, message));
    }

    [Fact]
    public void NonBacktrackingEngineFallsBackWithAWarningForBackreferences()
    {
        using var dir = new TempControlDirectory()
            .Write("badfilenames", "(\\w)\\1\\1\\.exe$\n")
            .Write("options", "regexengine=nonbacktracking\n");
        var policy = PolicyTestHelpers.Load(dir);
        using var message = new TestMessage();
        message.Attach("xxx.exe");

        Assert.Single(policy.Report.Warnings);
        Assert.False(policy.Report.HasErrors);
        Assert.Contains("badfilenames:(\\w)\\1\\1\\.exe$", PolicyTestHelpers.Evaluate(policy, message).Rules());
    }
}
