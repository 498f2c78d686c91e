using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Tests.Policy;

public sealed class ConfigReportTests
{
    [Fact]
    public void BuiltInDefaultsLoadWithoutErrorsOrWarnings()
    {
        var report = PolicySet.BuiltIn.Report;

        Assert.Empty(report.Messages);
        Assert.Equal(0, report.ExitCode);
        Assert.All(report.Files, f => Assert.True(f.Source.IsBuiltInDefault));
        Assert.Equal(ControlFileNames.All, report.Files.Select(f => f.Source.Name));
        Assert.Equal(2, PolicySet.BuiltIn.BadSubjects.Count);
        Assert.Equal(FilterSettings.Default, PolicySet.BuiltIn.Filters);
    }

    [Fact]
    public void BadRegexIsReportedWithFileAndLineAndTheRestStillLoads()
    {
        using var dir = new TempControlDirectory().Write("badfilenames", "# banned names\n\\.zip$\n(unclosed\n\\.rar$\n");
        var policy = PolicyTestHelpers.Load(dir);

        var error = Assert.Single(policy.Report.Errors);
        Assert.Equal(dir.FilePath("badfilenames"), error.File);
        Assert.Equal(3, error.Line);
        Assert.StartsWith(dir.FilePath("badfilenames") + ":3: error: invalid regex", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(["\\.zip$", "\\.rar$"], policy.BadFileNames.Select(r => r.Pattern));
        Assert.Equal(1, policy.Report.ExitCode);
    }

    [Fact]
    public void UnknownFilterWordAndBadValueAreErrors()
    {
        using var dir = new TempControlDirectory().Write("filters", "subject\nvirusses\nbody=maybe\n");
        var report = PolicyTestHelpers.Load(dir).Report;

        Assert.Equal([2, 3], report.Errors.Select(e => e.Line));
        Assert.Contains("unknown filter 'virusses'", report.Errors.First().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FiltersFileChangesDefaultsRatherThanStartingFromNothing()
    {
        using var dir = new TempControlDirectory().Write("filters", "body=yes\nformat=n\n");
        var filters = PolicyTestHelpers.Load(dir).Filters;

        Assert.Equal(FilterSettings.Default with { Body = true, Format = false }, filters);
    }

    [Fact]
    public void UnknownActionIsAnErrorNotPartOfThePattern()
    {
        using var dir = new TempControlDirectory().Write("badsubjects", "lottery => shred\n");
        var policy = PolicyTestHelpers.Load(dir);

        var error = Assert.Single(policy.Report.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("unknown action 'shred'", error.Message, StringComparison.Ordinal);
        Assert.Empty(policy.BadSubjects);
    }

    [Fact]
    public void ArrowsInsideAPatternStayPatternText()
    {
        using var dir = new TempControlDirectory().Write("badsubjects", "a=>b\nx => \\d+\nwin =\\> reject\n");
        var policy = PolicyTestHelpers.Load(dir);

        Assert.Empty(policy.Report.Messages);
        Assert.Equal(["a=>b", "x => \\d+", "win =\\> reject"], policy.BadSubjects.Select(r => r.Pattern));
        Assert.All(policy.BadSubjects, r => Assert.Null(r.Action));
    }

    [Fact]
    public void BadOptionValuesAreErrorsAndUnknownKeysAreKept()
    {
        using var dir = new TempControlDirectory().Write("options", "regextimeout=fast\nmaxmessagesize=10x\nforwardbadmails=y\nnot an option\n");
        var policy = PolicyTestHelpers.Load(dir);

        Assert.Equal([1, 2, 4], policy.Report.Errors.Select(e => e.Line).Order());
        Assert.Equal("y", policy.Options.Get("ForwardBadMails"));
        Assert.True(policy.Options.GetBool("forwardbadmails", false));
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Options.RegexTimeout);
    }

    [Fact]
    public void ReportPrintsOneLinePerFileAndOnePerErrorAsPathLineMessage()
    {
        using var dir = new TempControlDirectory()
            .Write("badfilenames", "[z\n")
            .Write("attachments", ".exe\t0\tExecutable binary\n");
        var report = new PolicyProvider(dir.Path).CheckConfiguration();
        var lines = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("control: " + dir.Path, lines[0]);
        Assert.Contains(lines, l => l.StartsWith("attachments", StringComparison.Ordinal) && l.Contains(dir.FilePath("attachments"), StringComparison.Ordinal) && l.EndsWith("1 rule", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("badsubjects", StringComparison.Ordinal) && l.Contains("(built-in)/badsubjects", StringComparison.Ordinal) && l.EndsWith("2 rules", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(dir.FilePath("badfilenames") + ":1: error: invalid regex", StringComparison.Ordinal));
        Assert.Equal("1 error(s), 0 warning(s)", lines[^1]);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public void MissingControlDirectoryIsWarnedAndDefaultsApply()
    {
        var missing = Path.Combine(Path.GetTempPath(), "vigil-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var report = new PolicyProvider(missing).CheckConfiguration();

        var warning = Assert.Single(report.Warnings);
        Assert.Equal(missing, warning.File);
        Assert.False(report.HasErrors);
        Assert.Contains("(missing)", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMarkAndCrLfLinesAreRead()
    {
        using var dir = new TempControlDirectory();
        File.WriteAllBytes(dir.FilePath("badsubjects"), [0xEF, 0xBB, 0xBF, .. "lottery\r\n# x\r\n\r\nprize\r\n"u8.ToArray()]);
        var policy = PolicyTestHelpers.Load(dir);

        Assert.Equal(["lottery", "prize"], policy.BadSubjects.Select(r => r.Pattern));
        Assert.Equal([1, 4], policy.BadSubjects.Select(r => r.Line));
    }
}
