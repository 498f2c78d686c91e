using Vigil.Testing;

namespace Vigil.Tests.Cli;

public class InspectAndConfigCommandTests
{
    [Fact]
    public void InspectPrintsTheTreeWithNamesTypesAndAnomalies()
    {
        using var dir = new TempDir();
        var file = dir.Write("trick.eml",
            "Subject: t\nContent-T(x)ype: multipart/mixed; boundary=b\n\n--b\nContent-Type: image/gif; name=\"a.gif.exe\"\n" +
            "Content-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA\n--b--\n");
        var r = VigilProcess.Run(["inspect", file]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(r.Lines, l => l.TrimStart().StartsWith("1 [mimepart], declared image/gif", StringComparison.Ordinal));
        Assert.Contains(r.Lines, l => l.Contains("name \"a.gif.exe\"", StringComparison.Ordinal));
        Assert.Contains(r.Lines, l => l.Contains("double-extension [format]", StringComparison.Ordinal));
        Assert.Contains(r.Lines, l => l.Contains("comment-in-header [format]", StringComparison.Ordinal));
    }

    /// <summary>An RFC 2231 name MimeKit reads as "''file.zip": both views are printed, and the disagreement.</summary>
    [Fact]
    public void InspectShowsTheSecondParsersViewWhenItIsOn()
    {
        using var dir = new TempDir();
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/options", "second-parser=on\n");
        var r = VigilProcess.Run(["inspect", "--control", control, TestPaths.Corpus("mime-is-broken", "hide-filename", "1652610582.1Gjj:2,")]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains(r.Lines, l => l.Contains("second parser (MimeKit), 2 parts, disagrees with Vigil", StringComparison.Ordinal));
        Assert.Contains(r.Lines, l => l.Contains("name \"''file.zip\"", StringComparison.Ordinal) && l.Contains("name only MimeKit sees", StringComparison.Ordinal));
        Assert.Contains(r.Lines, l => l.Contains("parser-disagreement [format]", StringComparison.Ordinal));
        Assert.DoesNotContain(VigilProcess.Run(["config", "check", "--control", control]).Lines, l => l.Contains("unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigCheckListsTheBuiltInDefaultsAndExitsZero()
    {
        var r = VigilProcess.Run(["config", "check"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("attachments", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigCheckReportsEveryErrorWithFileAndLineAndExitsOne()
    {
        using var dir = new TempDir();
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/badsubjects", "fine\n(broken\n");
        dir.Write("control/filters", "subject\nnonsense\n");
        var r = VigilProcess.Run(["config", "check", "--control", control]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{Path.Combine(control, "badsubjects")}:2:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(control, "filters")}:2:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigCheckWarnsAboutAnOptionsKeyNothingReadsButPassesKnownOnes()
    {
        using var dir = new TempDir();
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/options", "viruaction=reject\nvirusaction=reject\narchive=no\nlog=stderr\ncustomerror=no\n");
        var r = VigilProcess.Run(["config", "check", "--control", control]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("unknown key 'viruaction'", r.Stdout, StringComparison.Ordinal);
        Assert.Single(r.Lines, l => l.Contains("unknown key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("virusaction=bounce\n", "virusaction")]
    [InlineData("statusheader=perhaps\n", "statusheader")]
    [InlineData("archive=(unclosed\n", "archive")]
    public void ConfigCheckRefusesABadValueOfAKeyReadOnlyWhenMailIsHandled(string options, string key)
    {
        using var dir = new TempDir();
        var control = Path.Combine(dir.Path, "control");
        dir.Write("control/options", options);
        var r = VigilProcess.Run(["config", "check", "--control", control]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(key, r.Stdout, StringComparison.Ordinal);
    }
}
