using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Engine.Verdicts;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Policy;

public sealed class AttachmentsTableTests
{
    [Fact]
    public void DefaultPolicyBansExeByTheAppendixETable()
    {
        using var message = new TestMessage();
        message.Attach("invoice.exe");

        var findings = PolicyTestHelpers.Evaluate(PolicySet.BuiltIn, message);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCategory.Policy, finding.Category);
        Assert.Equal("attachments:.exe", finding.Rule);
        Assert.Equal("1", finding.PartPath);
        Assert.Contains("invoice.exe", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("Executable binary", finding.Detail, StringComparison.Ordinal);
        Assert.Null(finding.Action);
    }

    [Fact]
    public void ExtensionMatchIgnoresCaseAsWindowsDoes()
    {
        using var message = new TestMessage();
        message.Attach("LOVE-LETTER-FOR-YOU.TXT.VBS");

        Assert.Contains("attachments:.vbs", PolicyTestHelpers.Evaluate(PolicySet.BuiltIn, message).Rules());
    }

    [Fact]
    public void DefaultTableIsExactlyTheSansAppendixEList()
    {
        var seed = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "..", "shared", "seeds"), "003_*.txt").Single();
        var lines = File.ReadAllLines(seed);
        var start = Array.FindIndex(lines, l => l.StartsWith("Appendix E", StringComparison.Ordinal));
        var expected = lines.Skip(start + 1)
            .Where(l => l.StartsWith('.') && l.Contains('\t', StringComparison.Ordinal))
            .Select(l => l.Split('\t'))
            .Select(f => (f[0], long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2].Trim()))
            .ToList();

        var actual = PolicySet.BuiltIn.Attachments.Select(r => (r.Match, r.Size, r.Description)).ToList();

        Assert.Equal(41, expected.Count);
        Assert.Equal(expected, actual);
        Assert.All(PolicySet.BuiltIn.Attachments, r => Assert.Equal(AttachmentRuleKind.Extension, r.Kind));
    }

    [Fact]
    public void ExactNameWithSizeBansOnlyAtThatSize()
    {
        using var dir = new TempControlDirectory().Write("attachments", "Happy99.exe\t10000\tHappy99 Trojan\n");
        var policy = PolicyTestHelpers.Load(dir);

        using var exact = new TestMessage();
        exact.Attach("Happy99.exe", size: 10000);
        using var other = new TestMessage();
        other.Attach("Happy99.exe", size: 9999);
        using var renamed = new TestMessage();
        renamed.Attach("Happy100.exe", size: 10000);

        Assert.Equal(["attachments:Happy99.exe"], PolicyTestHelpers.Evaluate(policy, exact).Rules());
        Assert.Empty(PolicyTestHelpers.Evaluate(policy, other));
        Assert.Empty(PolicyTestHelpers.Evaluate(policy, renamed));
    }

    [Fact]
    public void ATableFileReplacesTheDefaultTableWholly()
    {
        using var dir = new TempControlDirectory().Write("attachments", ".mp3\t0\tMusic\n");
        using var message = new TestMessage();
        message.Attach("setup.exe");
        message.Attach("song.mp3");

        var findings = PolicyTestHelpers.Evaluate(dir, message);

        Assert.Equal(["attachments:.mp3"], findings.Rules());
        Assert.Equal("2", findings[0].PartPath);
    }

    [Fact]
    public void RowsSeparatedBySpacesStillWorkButAreWarnedAbout()
    {
        using var dir = new TempControlDirectory().Write("attachments", "# comment\n\n.exe 0 .exe File attachments not allowed\n");
        var policy = PolicyTestHelpers.Load(dir);
        using var message = new TestMessage();
        message.Attach("a.exe");

        var rule = Assert.Single(policy.Attachments);
        Assert.Equal(".exe File attachments not allowed", rule.Description);
        var warning = Assert.Single(policy.Report.Warnings);
        Assert.Equal(dir.FilePath("attachments"), warning.File);
        Assert.Equal(3, warning.Line);
        Assert.False(policy.Report.HasErrors);
        Assert.Equal(["attachments:.exe"], PolicyTestHelpers.Evaluate(policy, message).Rules());
    }

    [Fact]
    public void BadSizeIsAnErrorWithFileAndLine()
    {
        using var dir = new TempControlDirectory().Write("attachments", ".exe\t0\tok\n.com\tbig\tbad\n");
        var policy = PolicyTestHelpers.Load(dir);

        var error = Assert.Single(policy.Report.Errors);
        Assert.Equal(2, error.Line);
        Assert.StartsWith(dir.FilePath("attachments") + ":2: error: size 'big'", error.ToString(), StringComparison.Ordinal);
        Assert.Single(policy.Attachments);
    }

    [Fact]
    public void QmailScannerSubjectRowBlocksTheSubjectText()
    {
        using var dir = new TempControlDirectory().Write("attachments", "ILOVEYOU\tVirus-Subject:\tLove Letter Virus/Trojan\n")
            .Write("badsubjects", "");
        using var message = new TestMessage("Fwd: iloveyou");

        var finding = Assert.Single(PolicyTestHelpers.Evaluate(dir, message));
        Assert.Equal("attachments:ILOVEYOU", finding.Rule);
        Assert.Equal("", finding.PartPath);
    }

    [Fact]
    public void ArchiveMembersAreCheckedOnlyWhenArchivesFilterIsOn()
    {
        using var on = new TempControlDirectory();
        using var off = new TempControlDirectory().Write("filters", "archives=no\n");
        using var message = new TestMessage();
        var zip = message.Attach("docs.zip", detected: TestMessage.Zip);
        message.AddMember(zip, "dir/run.exe");

        var withArchives = PolicyTestHelpers.Evaluate(on, message);
        var withoutArchives = PolicyTestHelpers.Evaluate(off, message);

        var finding = Assert.Single(withArchives);
        Assert.Equal("attachments:.exe", finding.Rule);
        Assert.Equal("1/dir/run.exe", finding.PartPath);
        Assert.Empty(withoutArchives);
    }
}
