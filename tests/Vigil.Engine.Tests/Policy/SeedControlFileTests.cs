using Vigil.Engine.Gateway;
using Vigil.Engine.Policy.Control;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Policy;

/// <summary>
/// A control directory copied over from QMVC or Qmail-Scanner is read under the seeds' own file
/// names, with the seeds' own examples (QMVC FAQ 1.4, SANS gateway paper §10), and whatever Vigil
/// does not read is warned about rather than silently ignored.
/// </summary>
public sealed class SeedControlFileTests
{
    /// <summary>SANS §10's three example rows, TAB-delimited as its note demands.</summary>
    private const string SansSection10 =
        "ILOVEYOU\tVirus-Subject:\tLove Letter Virus/Trojan\n" +
        "Happy99.exe\t10000\tHappy99 Trojan\n" +
        ".exe\t0\t.exe File attachments not allowed\n";

    [Fact]
    public void QmvcBadFileNameIsReadWithTheFaqExamplesExplicitAndWildcarded()
    {
        // FAQ 1.4: "either explicitly (e.g. "link.vbs") or wild carded (e.g. \.vbs$ or \.exe$)".
        using var dir = new TempControlDirectory().Write("badfilename", "link.vbs\n\\.vbs$\n\\.exe$\n").Write("attachments", "");
        var policy = PolicyTestHelpers.Load(dir);

        Assert.Equal(["link.vbs", @"\.vbs$", @"\.exe$"], policy.BadFileNames.Select(r => r.Pattern));
        using var link = new TestMessage();
        link.Attach("link.vbs");
        using var exe = new TestMessage();
        exe.Attach("README.EXE");
        using var clean = new TestMessage();
        clean.Attach("report.pdf");

        Assert.Equal(["badfilenames:link.vbs", @"badfilenames:\.vbs$"], PolicyTestHelpers.Evaluate(policy, link).Rules());
        Assert.Equal([@"badfilenames:\.exe$"], PolicyTestHelpers.Evaluate(policy, exe).Rules());
        Assert.Empty(PolicyTestHelpers.Evaluate(policy, clean));
    }

    [Fact]
    public void QmailScannerQuarantineAttachmentsTxtIsReadWithTheSansExamples()
    {
        var seed = File.ReadAllText(Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "..", "shared", "seeds"), "003_*.txt").Single());
        foreach (var row in SansSection10.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(row.Replace('\t', ' '), seed, StringComparison.Ordinal); // the paper prints its TABs as spaces
        }

        using var dir = new TempControlDirectory().Write("quarantine-attachments.txt", SansSection10).Write("badsubjects", "");
        var policy = PolicyTestHelpers.Load(dir);
        Assert.False(policy.Report.HasErrors);
        Assert.Equal(dir.FilePath("quarantine-attachments.txt"), policy.Report.Files.Single(f => f.Source.Name == "attachments").Source.Path);

        using var love = new TestMessage("ILOVEYOU");
        using var happy = new TestMessage();
        happy.Attach("Happy99.exe", size: 10000);
        using var exe = new TestMessage();
        exe.Attach("setup.exe");
        using var pif = new TestMessage();
        pif.Attach("movie.pif"); // in the built-in Appendix E table, not in this one: the file replaced it

        Assert.Equal(["attachments:ILOVEYOU"], PolicyTestHelpers.Evaluate(policy, love).Rules());
        Assert.Equal(["attachments:Happy99.exe", "attachments:.exe"], PolicyTestHelpers.Evaluate(policy, happy).Rules());
        Assert.Equal(["attachments:.exe"], PolicyTestHelpers.Evaluate(policy, exe).Rules());
        Assert.Empty(PolicyTestHelpers.Evaluate(policy, pif));
    }

    [Fact]
    public void ASeedNamedFileIsReadButWarnedAboutAndBesideVigilsOwnItIsIgnoredWithAWarning()
    {
        using var seedOnly = new TempControlDirectory().Write("badfilename", "\\.scr$\n");
        using var both = new TempControlDirectory().Write("badfilename", "\\.scr$\n").Write("badfilenames", "\\.hta$\n");

        var read = Assert.Single(KnownControlFiles.Audit(new ControlLayers([seedOnly.Path])));
        Assert.Equal(seedOnly.FilePath("badfilename"), read.File);
        Assert.Contains("QMVC's name for badfilenames: read as badfilenames", read.Message, StringComparison.Ordinal);

        Assert.Equal([@"\.hta$"], PolicyTestHelpers.Load(both).BadFileNames.Select(r => r.Pattern));
        var ignored = Assert.Single(KnownControlFiles.Audit(new ControlLayers([both.Path])));
        Assert.Equal(ConfigMessageLevel.Warning, ignored.Level);
        Assert.Contains("ignored: badfilenames in the same directory is read instead", ignored.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesVigilDoesNotReadAreWarnedAboutAndItsOwnAreNot()
    {
        using var dir = new TempControlDirectory()
            .Write("badsubject", "ILOVEYOU\n")          // a typo of badsubjects
            .Write("quarantine-attachments.db", "x")    // Qmail-Scanner's compiled table
            .Write("options", "").Write("scanners", "").Write("avguards", "").Write("me", "qmvc\n").Write("defaulthost", "gw.example\n")
            .Write("badsubjects~", "").Write(".hidden", "");
        Directory.CreateDirectory(dir.FilePath("templates"));

        var warnings = KnownControlFiles.Audit(new ControlLayers([dir.Path]));

        Assert.Equal([dir.FilePath("badsubject"), dir.FilePath("quarantine-attachments.db")], warnings.Select(w => w.File));
        Assert.Contains("not a file Vigil reads: ignored", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("compiled table", warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangingASeedNamedFileReloadsThePolicy()
    {
        using var dir = new TempControlDirectory().Write("badfilename", "\\.scr$\n");
        var provider = new Vigil.Engine.Policy.PolicyProvider(dir.Path);
        Assert.Single(provider.Current.BadFileNames);

        File.WriteAllText(dir.FilePath("badfilename"), "\\.scr$\n\\.pif$\n\\.hta$\n");
        File.SetLastWriteTimeUtc(dir.FilePath("badfilename"), DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(3, provider.Current.BadFileNames.Count);
    }
}
